import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Rate,
  Result,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  CLOSURE_KINDS,
  EVENT_LEVELS,
  EVENT_SOURCES,
  EVENT_STATUSES,
  type EventStatus,
  URGENCIES,
} from '../../../shared/grid.js';
import { errorMessage, isApiError } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageLoading } from '../../app/components/PageLoading.js';
import { formatDateTime, fromNow } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { type Contact, type EventDetail, gridApi, gridKeys } from './api.js';
import { EventActions } from './EventActions.js';
import { PhotoStrip, StatusTag, UrgencyTag } from './meta.js';
import './grid.css';

const STEP_COLOR: Record<string, string> = {
  report: 'blue',
  close: 'green',
  review: 'green',
  resident_rate: 'green',
  archive: 'gray',
  return: 'red',
  supervise: 'red',
  overdue: 'red',
  reopen: 'orange',
  resident_reopen: 'orange',
  escalate: 'orange',
};

const CHANNELS: Record<string, string> = { web: '扫码/网页提交', open311: '开放接口' };

const text = (v: string | null | undefined) =>
  v ? <span className="anju-grid-text">{v}</span> : <Typography.Text type="secondary">—</Typography.Text>;

export function EventPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const isMobile = Grid.useBreakpoint().md === false;
  const detail = useQuery({ queryKey: gridKeys.event(id), queryFn: () => gridApi.event(id) });

  if (detail.isLoading) return <PageLoading />;
  if (detail.isError || !detail.data) {
    const notFound = isApiError(detail.error) && detail.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? '事件不存在或无权查看' : errorMessage(detail.error)}
        extra={<Button onClick={() => navigate('/grid/events')}>返回事件列表</Button>}
      />
    );
  }
  const e = detail.data;

  return (
    <div>
      <div className="anju-page-header">
        <div className="anju-page-header-text">
          <div className="anju-grid-title-row">
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回" onClick={() => navigate(-1)} />
            <Typography.Title level={4} className="anju-page-title">
              {e.title}
            </Typography.Title>
          </div>
          <Space size={4} wrap>
            <StatusTag status={e.status} />
            <UrgencyTag urgency={e.urgency} />
            {e.overdue && <Tag color="red">超期</Tag>}
            <Typography.Text type="secondary" className="anju-mono">
              {e.no} · {e.categoryLabel} · {e.placeName}
            </Typography.Text>
          </Space>
        </div>
        {e.category === 'dispute' && can('mediation.work') && (
          <div className="anju-page-header-extra">
            {/* 矛盾纠纷 go on to people's mediation with the event's facts, linked both ways. */}
            <Button
              onClick={() =>
                navigate(
                  `/mediation/cases/new?${new URLSearchParams({ eventId: e.id, placeId: e.placeId, title: e.title, description: e.description })}`,
                )
              }
            >
              转人民调解
            </Button>
          </div>
        )}
      </div>

      <Card className="anju-card" size="small">
        {e.allowed.length > 0 ? (
          <EventActions event={e} />
        ) : (
          <Typography.Text type="secondary">
            {e.status === 'archived' ? '事件已归档，只能查看。' : '当前没有可执行的操作。'}
          </Typography.Text>
        )}
      </Card>

      <Card className="anju-card" title="事件信息">
        <Descriptions
          column={isMobile ? 1 : 2}
          size="small"
          bordered={!isMobile}
          items={[
            { key: 'no', label: '编号', children: <span className="anju-mono">{e.no}</span> },
            { key: 'status', label: '状态', children: EVENT_STATUSES[e.status as EventStatus] },
            { key: 'cat', label: '类别', children: e.categoryLabel },
            { key: 'urg', label: '紧急程度', children: URGENCIES[e.urgency] },
            { key: 'place', label: '地点', children: e.placeName },
            { key: 'addr', label: '地址', children: text(e.address) },
            { key: 'src', label: '来源', children: EVENT_SOURCES[e.source] },
            { key: 'rep', label: '上报人', children: e.reporterName },
            {
              key: 'asg',
              label: '承办',
              children: `${e.assigneeLabel}（${EVENT_LEVELS[e.level]}层级）`,
            },
            {
              key: 'dl',
              label: '办理期限',
              children: (
                <span className={e.overdue ? 'anju-grid-overdue' : undefined}>
                  {formatDateTime(e.deadlineAt)}
                  {e.overdue && '（已超期）'}
                </span>
              ),
            },
            {
              key: 'at',
              label: '上报时间',
              children: `${formatDateTime(e.createdAt)}（${fromNow(e.createdAt)}）`,
            },
            { key: 'acc', label: '受理时间', children: formatDateTime(e.acceptedAt) },
            { key: 'cls', label: '办结时间', children: formatDateTime(e.closedAt) },
            {
              key: 'ck',
              label: '办结类型',
              children: e.closureKind ? CLOSURE_KINDS[e.closureKind] : '—',
            },
            ...(e.duplicateOf
              ? [
                  {
                    key: 'dup',
                    label: '重复于',
                    children: <Link to={`/grid/events/${e.duplicateOf.id}`}>{e.duplicateOf.no}</Link>,
                  },
                ]
              : []),
            ...(e.campaign ? [{ key: 'cmp', label: '专项行动', children: e.campaign.name }] : []),
            { key: 'sup', label: '督办次数', children: `${e.supervisedCount} 次` },
            { key: 'reo', label: '重开次数', children: `${e.reopenedCount} 次` },
            { key: 'cn', label: '办结说明', span: isMobile ? 1 : 2, children: text(e.closureNote) },
          ]}
        />
      </Card>

      <Card className="anju-card" title="事件描述">
        {e.observation ? (
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'seen', label: '看到的情况', children: text(e.observation.seen) },
              { key: 'where', label: '具体位置', children: text(e.observation.where) },
              { key: 'when', label: '发生时间', children: text(e.observation.when) },
              { key: 'beh', label: '具体行为', children: text(e.observation.behaviour) },
            ]}
          />
        ) : null}
        {e.description && <p className="anju-grid-text">{e.description}</p>}
        {!e.observation && !e.description && <Typography.Text type="secondary">未填写描述</Typography.Text>}
        {e.photos.length > 0 && (
          <div style={{ marginTop: 12 }}>
            <PhotoStrip photos={e.photos} />
          </div>
        )}
      </Card>

      {(e.people.length > 0 || e.houses.length > 0) && (
        <Card className="anju-card" title="涉及人员与房屋">
          <ul className="anju-plain-list">
            {e.people.map((p) => (
              <li key={p.id}>
                <Link to={`/registry/people/${p.id}`}>{p.name}</Link>
                <span className="anju-mono anju-rg-sub">{p.idMasked ?? '证件未登记'}</span>
              </li>
            ))}
            {e.houses.map((h) => (
              <li key={h.id}>
                <span>{h.address}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}

      {(e.rating !== null || e.reviewedAt) && (
        <Card className="anju-card" title="回访评价">
          <Descriptions
            column={1}
            size="small"
            items={[
              {
                key: 'r',
                label: '评价',
                children: e.rating ? <Rate disabled value={e.rating} /> : '—',
              },
              {
                key: 'c',
                label: '居民确认',
                children: e.residentConfirmed === null ? '—' : e.residentConfirmed ? '已解决' : '未解决',
              },
              { key: 'm', label: '评价意见', children: text(e.ratingComment) },
              { key: 't', label: '回访时间', children: formatDateTime(e.reviewedAt) },
            ]}
          />
        </Card>
      )}

      {e.trackingNo && <ResidentCard event={e} />}

      <Card className="anju-card" title="办理过程">
        {e.steps.length === 0 ? (
          <Empty description="暂无办理记录" />
        ) : (
          <Timeline
            items={e.steps.map((s) => ({
              key: s.id,
              color: STEP_COLOR[s.action] ?? 'blue',
              content: (
                <div>
                  <div>
                    <strong>{s.actionLabel}</strong> · {s.actorName}
                    {s.toStatus && s.toStatus !== s.fromStatus && (
                      <span className="anju-rg-sub">
                        {' '}
                        → {EVENT_STATUSES[s.toStatus as EventStatus] ?? s.toStatus}
                      </span>
                    )}
                  </div>
                  <div className="anju-grid-meta">
                    <span className="anju-mono">{formatDateTime(s.at)}</span>
                  </div>
                  {s.note && <div className="anju-grid-text">{s.note}</div>}
                </div>
              ),
            }))}
          />
        )}
      </Card>
    </div>
  );
}

/** The resident behind a 12345-style request: masked by default, the full number only with a reason. */
function ResidentCard({ event }: { event: EventDetail }) {
  const { can } = useAuth();
  const contact = useQuery({
    queryKey: gridKeys.contact(event.id),
    queryFn: () => gridApi.contact(event.id),
  });
  const [asking, setAsking] = useState(false);
  const [full, setFull] = useState<Contact | null>(null);
  const c = contact.data;
  return (
    <Card
      className="anju-card"
      title="居民诉求"
      extra={
        can('pii.reveal') &&
        !full && (
          <Button size="small" onClick={() => setAsking(true)}>
            查看完整联系方式
          </Button>
        )
      }
    >
      {contact.isError && <Alert type="error" showIcon title={errorMessage(contact.error)} />}
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'no', label: '诉求编号', children: <span className="anju-mono">{event.trackingNo}</span> },
          { key: 'ch', label: '渠道', children: c ? (CHANNELS[c.channel] ?? c.channel) : '—' },
          {
            key: 'name',
            label: '诉求人',
            children: full
              ? (full.name ?? '未留姓名')
              : c
                ? c.hasName
                  ? '已留姓名（隐藏）'
                  : '未留姓名'
                : '—',
          },
          {
            key: 'phone',
            label: '联系电话',
            children: full ? (
              <Typography.Text copyable={!!full.phone} className="anju-mono">
                {full.phone ?? '未留电话'}
              </Typography.Text>
            ) : (
              <span className="anju-mono">{c?.phoneMasked ?? '未留电话'}</span>
            ),
          },
        ]}
      />
      {asking && (
        <RevealModal
          eventId={event.id}
          onClose={() => setAsking(false)}
          onRevealed={(v) => {
            setFull(v);
            setAsking(false);
          }}
        />
      )}
    </Card>
  );
}

function RevealModal({
  eventId,
  onClose,
  onRevealed,
}: {
  eventId: string;
  onClose(): void;
  onRevealed(contact: Contact): void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const { saving, run } = useSaving(form);
  const queryClient = useQueryClient();
  return (
    <Modal
      open
      title="查看完整联系方式"
      okText="查看"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        await run(async () => {
          const contact = await gridApi.revealContact(eventId, v.reason.trim());
          await queryClient.invalidateQueries({ queryKey: gridKeys.contact(eventId) });
          onRevealed(contact);
        });
      }}
    >
      <Typography.Paragraph type="secondary">查看理由将记入审计日志。</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label="查看理由"
          rules={[{ required: true, whitespace: true, message: '请填写查看理由' }]}
        >
          <Input.TextArea rows={2} maxLength={200} placeholder="如：电话回访诉求人" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
