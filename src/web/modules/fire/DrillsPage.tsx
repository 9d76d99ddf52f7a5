import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { CONTACT_ROLES, DRILL_KINDS } from '../../../shared/fire.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { useCurrentPlace } from '../../app/place.js';
import { fireApi, fireKeys } from './api.js';
import { opts } from './meta.js';

export function DrillsPage() {
  const { place } = useCurrentPlace();
  const [placeId, setPlaceId] = useState<string | undefined>(place?.id);
  return (
    <div>
      <PageHeader title="演练与预案" description="消防演练和培训、应急预案及联系人、义务消防队" />
      <Card className="anju-card anju-query-card">
        <Form layout="inline" className="anju-query-form">
          <Form.Item label="区域">
            <PlaceTreeSelect
              value={placeId}
              style={{ minWidth: 200 }}
              placeholder="全部区域"
              onChange={setPlaceId}
            />
          </Form.Item>
        </Form>
      </Card>
      <Tabs
        items={[
          { key: 'drills', label: '演练与培训', children: <Drills placeId={placeId} /> },
          { key: 'plans', label: '应急预案', children: <Plans placeId={placeId} /> },
          { key: 'brigade', label: '义务消防队', children: <Brigade placeId={placeId} /> },
        ]}
      />
    </div>
  );
}

function Drills({ placeId }: { placeId?: string }) {
  const { can } = useAuth();
  const [creating, setCreating] = useState(false);
  const query = { placeId, pageSize: 50 };
  const list = useQuery({ queryKey: fireKeys.drills(query), queryFn: () => fireApi.drills(query) });
  return (
    <Card
      className="anju-card"
      extra={
        can('fire.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记演练或培训
          </Button>
        )
      }
    >
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <List
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无演练或培训记录" /> }}
        renderItem={(d) => (
          <List.Item>
            <List.Item.Meta
              title={
                <span>
                  <Tag color={d.kind === 'drill' ? 'volcano' : 'blue'}>{DRILL_KINDS[d.kind]}</Tag>
                  {d.title}
                </span>
              }
              description={
                <div>
                  <div>
                    {d.heldOn} · {d.estate.name} {d.location} · 组织：{d.organiser} · 参加 {d.attendance} 人
                  </div>
                  {d.plan && <div>演练预案：{d.plan.title}</div>}
                  {d.attendees.length > 0 && (
                    <Typography.Text type="secondary">签到：{d.attendees.join('、')}</Typography.Text>
                  )}
                  {d.summary && (
                    <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }}>
                      {d.summary}
                    </Typography.Paragraph>
                  )}
                </div>
              }
            />
          </List.Item>
        )}
      />
      {creating && <DrillModal onClose={() => setCreating(false)} />}
    </Card>
  );
}

interface DrillValues {
  placeId?: string;
  kind?: keyof typeof DRILL_KINDS;
  title?: string;
  heldOn?: Dayjs;
  location?: string;
  organiser?: string;
  attendance?: number | null;
  attendees?: string;
  planId?: string;
  summary?: string;
}

function DrillModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<DrillValues>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const placeId = Form.useWatch('placeId', form);
  const plans = useQuery({
    queryKey: fireKeys.plans({ placeId, pageSize: 50 }),
    queryFn: () => fireApi.plans({ placeId, pageSize: 50 }),
    enabled: Boolean(placeId),
  });
  return (
    <Modal
      open
      title="登记演练或培训"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v?.placeId || !v.kind || !v.heldOn) return;
        await run(async () => {
          const attendees = (v.attendees ?? '')
            .split(/[\s,，、]+/)
            .map((s) => s.trim())
            .filter(Boolean);
          await fireApi.createDrill({
            placeId: v.placeId!,
            kind: v.kind!,
            title: v.title?.trim() ?? '',
            heldOn: v.heldOn!.format('YYYY-MM-DD'),
            location: v.location?.trim() ?? '',
            organiser: v.organiser?.trim() ?? '',
            ...(v.attendance ? { attendance: v.attendance } : {}),
            attendees,
            planId: v.planId ?? null,
            summary: v.summary?.trim() ?? '',
          });
          message.success('已登记');
          await queryClient.invalidateQueries({ queryKey: fireKeys.all });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'drill' }}>
        <Form.Item name="placeId" label="小区" rules={[{ required: true, message: '请选择小区' }]}>
          <PlaceTreeSelect />
        </Form.Item>
        <Form.Item name="kind" label="类型">
          <Select options={opts(DRILL_KINDS)} />
        </Form.Item>
        <Form.Item
          name="title"
          label="主题"
          rules={[{ required: true, whitespace: true, message: '请填写主题' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="heldOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="location" label="地点">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="organiser"
          label="组织者"
          rules={[{ required: true, whitespace: true, message: '请填写组织者' }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="attendance" label="参加人数（不填则按名单计）">
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="attendees" label="参加人名单（用逗号或空格分隔）">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="planId" label="演练的应急预案">
          <Select
            allowClear
            placeholder={placeId ? '可不选' : '先选择小区'}
            options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))}
          />
        </Form.Item>
        <Form.Item name="summary" label="总结">
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Plans({ placeId }: { placeId?: string }) {
  const [open, setOpen] = useState<string>();
  const query = { placeId, pageSize: 50 };
  const list = useQuery({ queryKey: fireKeys.plans(query), queryFn: () => fireApi.plans(query) });
  return (
    <Card className="anju-card">
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: '预案',
            render: (_, p) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(p.id)}>
                {p.title}
              </Button>
            ),
          },
          { title: '小区', render: (_, p) => p.estate.name },
          { title: '修订日期', dataIndex: 'revisedOn', render: (v: string | null) => v ?? '—' },
          { title: '联系人', dataIndex: 'contactCount' },
          { title: '演练次数', dataIndex: 'drillCount' },
          { title: '最近演练', dataIndex: 'lastDrillOn', render: (v: string | null) => v ?? '未演练' },
        ]}
      />
      {open && <PlanDrawer id={open} onClose={() => setOpen(undefined)} />}
    </Card>
  );
}

function PlanDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const [shown, setShown] = useState<Record<string, string>>({});
  const plan = useQuery({ queryKey: fireKeys.plan(id), queryFn: () => fireApi.plan(id) });
  const reveal = (contactId: string) => {
    let reason = '';
    modal.confirm({
      title: '查看完整电话',
      content: (
        <Input placeholder="查看原因（将记录在审计日志）" onChange={(e) => (reason = e.target.value)} />
      ),
      okText: '查看',
      cancelText: '取消',
      onOk: async () => {
        try {
          const r = await fireApi.revealContact(id, contactId, reason.trim() || '应急联络');
          setShown((s) => ({ ...s, [contactId]: r.value }));
        } catch (error) {
          message.error(errorMessage(error));
        }
      },
    });
  };
  const p = plan.data;
  return (
    <Drawer open width={560} title={p?.title ?? '应急预案'} onClose={onClose}>
      {!p ? (
        <Spin />
      ) : (
        <div>
          <Typography.Title level={5}>联系人</Typography.Title>
          <List
            size="small"
            dataSource={p.contacts}
            renderItem={(c) => (
              <List.Item
                actions={
                  can('pii.reveal') && !shown[c.id]
                    ? [
                        <Button key="r" size="small" icon={<EyeOutlined />} onClick={() => reveal(c.id)}>
                          查看
                        </Button>,
                      ]
                    : []
                }
              >
                {CONTACT_ROLES[c.role]} · {c.name} ·{' '}
                <span className="anju-mono">{shown[c.id] ?? c.phoneMasked}</span>
              </List.Item>
            )}
          />
          <Typography.Title level={5}>演练记录</Typography.Title>
          {p.drills.length === 0 ? (
            <Typography.Text type="secondary">尚未演练</Typography.Text>
          ) : (
            <ul>
              {p.drills.map((d) => (
                <li key={d.id}>
                  {d.heldOn} {DRILL_KINDS[d.kind]}：{d.title}
                </li>
              ))}
            </ul>
          )}
          <Typography.Title level={5}>预案内容</Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{p.content || '—'}</Typography.Paragraph>
        </div>
      )}
    </Drawer>
  );
}

function Brigade({ placeId }: { placeId?: string }) {
  const list = useQuery({
    queryKey: fireKeys.brigade({ placeId }),
    queryFn: () => fireApi.brigade({ placeId }),
  });
  return (
    <Card className="anju-card">
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="暂无队员（队员从本小区的人口登记中选择）" /> }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '分工', dataIndex: 'duty' },
          { title: '小区', render: (_, m) => m.estate.name },
          {
            title: '电话',
            dataIndex: 'phoneMasked',
            render: (v: string | null) => <span className="anju-mono">{v ?? '—'}</span>,
          },
          { title: '入队日期', dataIndex: 'joinedOn', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
