import { EditOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Descriptions,
  type DescriptionsProps,
  Divider,
  Drawer,
  Empty,
  Grid,
  Result,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api.js';
import { type CaseKind, type CaseRow, caseApi, caseKeys } from './api.js';
import { VisitForm } from './CaseDialogs.js';
import { AttentionTag, DETAIL_FIELDS, detailText, GroupTag, KIND, NextVisit, StarLevel } from './meta.js';

/** One case: every field in Chinese, the visits as a timeline, and the visit form for the next one. */
export function CaseDrawer({
  kind,
  caseId,
  canWrite,
  onClose,
  onChanged,
  onEdit,
  onEnd,
}: {
  kind: CaseKind;
  caseId: string | null;
  canWrite: boolean;
  onClose(): void;
  onChanged(): void;
  onEdit(row: CaseRow): void;
  onEnd(row: CaseRow): void;
}) {
  const isMobile = Grid.useBreakpoint().md === false;
  const meta = KIND[kind];
  const detail = useQuery({
    queryKey: caseKeys.detail(kind, caseId ?? ''),
    queryFn: () => caseApi.detail(kind, caseId!),
    enabled: !!caseId,
  });
  const c = detail.data;
  const active = !!c && !c.endedOn;

  const items: DescriptionsProps['items'] = c
    ? [
        {
          key: 'name',
          label: '姓名',
          children: <Link to={`/registry/people/${c.person.id}`}>{c.person.name}</Link>,
        },
        {
          key: 'id',
          label: '证件号码',
          children: <span className="anju-mono">{c.person.idMasked ?? '未登记'}</span>,
        },
        { key: 'address', label: '住址', children: c.address ?? '未登记', span: 2 },
        { key: 'group', label: '类别', children: <GroupTag kind={kind} group={c.group} /> },
        kind === 'special'
          ? { key: 'attention', label: '关注程度', children: <AttentionTag level={c.attention} /> }
          : { key: 'level', label: '服务星级', children: <StarLevel level={c.level} /> },
        ...(kind === 'special'
          ? (DETAIL_FIELDS[c.group] ?? []).map((f) => ({
              key: `d-${f.key}`,
              label: f.label,
              children: detailText(f, c.details[f.key]),
            }))
          : []),
        { key: 'responsible', label: meta.responsible, children: c.responsibleName },
        { key: 'every', label: '走访周期', children: `每 ${c.visitEveryDays} 天` },
        { key: 'started', label: '列管开始', children: c.startedOn },
        { key: 'last', label: '上次走访', children: c.lastVisitOn ?? '尚未走访' },
        c.endedOn
          ? { key: 'ended', label: '结束日期', children: c.endedOn }
          : { key: 'next', label: '下次走访', children: <NextVisit row={c} /> },
        {
          key: 'plan',
          label: meta.plan,
          span: 2,
          children: c.plan ? (
            <span className="anju-rg-pre">{c.plan}</span>
          ) : (
            <Typography.Text type="secondary">未填写</Typography.Text>
          ),
        },
      ]
    : [];

  const timeline = c
    ? [
        ...(c.endedOn
          ? [
              {
                key: 'end',
                color: 'gray',
                content: (
                  <div className="anju-rg-visit">
                    <span className="anju-rg-visit-date">{c.endedOn}</span>
                    <Typography.Text strong>结束列管</Typography.Text>
                  </div>
                ),
              },
            ]
          : []),
        ...c.visits.map((v) => ({
          key: v.id,
          color: 'blue',
          content: (
            <div className="anju-rg-visit">
              <span>
                <span className="anju-rg-visit-date">{v.visitedOn}</span>
                <Typography.Text type="secondary">{v.visitorName} 走访</Typography.Text>
              </span>
              <div className="anju-rg-pre">{v.findings}</div>
              {v.help && (
                <div>
                  <Tag color="green">帮扶</Tag>
                  {v.help}
                </div>
              )}
            </div>
          ),
        })),
        {
          key: 'start',
          color: 'green',
          content: (
            <div className="anju-rg-visit">
              <span className="anju-rg-visit-date">{c.startedOn}</span>
              <Typography.Text strong>
                开始列管 · {meta.responsible} {c.responsibleName}
              </Typography.Text>
            </div>
          ),
        },
      ]
    : [];

  return (
    <Drawer
      open={!!caseId}
      onClose={onClose}
      size={isMobile ? '100%' : 640}
      destroyOnHidden
      title={
        c ? (
          <Space size={8} wrap>
            <span>{c.person.name}</span>
            <GroupTag kind={kind} group={c.group} />
            {active ? <Tag color="processing">在管</Tag> : <Tag>已结束</Tag>}
          </Space>
        ) : (
          `${meta.title}详情`
        )
      }
      extra={
        c &&
        canWrite &&
        active && (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => onEdit(c)}>
              编辑
            </Button>
            <Button danger icon={<StopOutlined />} onClick={() => onEnd(c)}>
              {isMobile ? '结束' : '结束列管'}
            </Button>
          </Space>
        )
      }
    >
      {detail.isPending && caseId && <Skeleton active paragraph={{ rows: 8 }} />}
      {detail.isError && <Result status="warning" title="无法打开" subTitle={errorMessage(detail.error)} />}
      {c && (
        <>
          {active && c.overdueDays > 0 && (
            <Alert
              type="error"
              showIcon
              className="anju-block-gap"
              title={`走访已逾期 ${c.overdueDays} 天（应于 ${c.nextVisitDue} 前走访），请尽快上门。`}
            />
          )}
          <Descriptions
            size="small"
            bordered
            column={isMobile ? 1 : 2}
            items={items}
            styles={{ label: { width: 110, whiteSpace: 'nowrap' } }}
          />

          {canWrite && active && (
            <>
              <Divider titlePlacement="start">登记走访</Divider>
              <VisitForm kind={kind} row={c} onSaved={onChanged} />
            </>
          )}

          <Divider titlePlacement="start">走访记录（{c.visits.length} 次）</Divider>
          {c.visits.length === 0 && !c.endedOn ? (
            <Empty description="还没有走访记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : null}
          <Timeline items={timeline} />
        </>
      )}
    </Drawer>
  );
}
