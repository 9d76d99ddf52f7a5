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
  const { can } = useAuth();
  const [open, setOpen] = useState<string>();
  const [creating, setCreating] = useState(false);
  const query = { placeId, pageSize: 50 };
  const list = useQuery({ queryKey: fireKeys.plans(query), queryFn: () => fireApi.plans(query) });
  return (
    <Card
      className="anju-card"
      extra={
        can('fire.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建应急预案
          </Button>
        )
      }
    >
      {creating && <PlanModal onClose={() => setCreating(false)} />}
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

interface PlanValues {
  placeId?: string;
  title?: string;
  revisedOn?: Dayjs;
  content?: string;
  contacts?: { name?: string; role?: keyof typeof CONTACT_ROLES; phone?: string }[];
}

function PlanModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<PlanValues>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return (
    <Modal
      open
      width={640}
      title="新建应急预案"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v?.placeId || !v.title) return;
        await run(async () => {
          await fireApi.createPlan({
            placeId: v.placeId!,
            title: v.title!.trim(),
            content: v.content?.trim() ?? '',
            revisedOn: v.revisedOn?.format('YYYY-MM-DD') ?? null,
            contacts: (v.contacts ?? []).map((c) => ({
              name: c.name?.trim() ?? '',
              role: c.role ?? 'commander',
              phone: c.phone?.trim() ?? '',
            })),
          });
          message.success('已保存');
          await queryClient.invalidateQueries({ queryKey: fireKeys.all });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ contacts: [{ role: 'commander' }] }}>
        <Form.Item name="placeId" label="小区" rules={[{ required: true, message: '请选择小区' }]}>
          <PlaceTreeSelect />
        </Form.Item>
        <Form.Item
          name="title"
          label="预案名称"
          rules={[{ required: true, whitespace: true, message: '请填写预案名称' }]}
        >
          <Input maxLength={100} placeholder="如：某某小区火灾事故应急预案" />
        </Form.Item>
        <Form.Item name="revisedOn" label="修订日期">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <div>
              <div className="anju-fire-label">联系人（电话加密保存，列表中打码显示）</div>
              {fields.map((f) => (
                <div key={f.key} className="anju-fire-actions">
                  <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: '请选择职责' }]}>
                    <Select style={{ width: 120 }} options={opts(CONTACT_ROLES)} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
                  >
                    <Input placeholder="姓名" maxLength={30} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'phone']}
                    rules={[
                      {
                        required: true,
                        pattern: /^(1\d{10}|0\d{2,3}-?\d{7,8})$/,
                        message: '请填写手机号或座机号',
                      },
                    ]}
                  >
                    <Input placeholder="电话" maxLength={20} style={{ width: 150 }} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>删除</Button>
                </div>
              ))}
              <Button
                onClick={() => add({ role: 'evacuation' })}
                icon={<PlusOutlined />}
                style={{ marginBottom: 16 }}
              >
                添加联系人
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="content" label="预案内容">
          <Input.TextArea rows={6} maxLength={20000} placeholder="适用范围、组织机构、处置程序、保障措施……" />
        </Form.Item>
      </Form>
    </Modal>
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
  const { can } = useAuth();
  const [adding, setAdding] = useState(false);
  const list = useQuery({
    queryKey: fireKeys.brigade({ placeId }),
    queryFn: () => fireApi.brigade({ placeId }),
  });
  return (
    <Card
      className="anju-card"
      extra={
        can('fire.manage') &&
        can('registry.read') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            添加队员
          </Button>
        )
      }
    >
      {adding && <MemberModal onClose={() => setAdding(false)} />}
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

interface MemberValues {
  placeId?: string;
  personId?: string;
  duty?: string;
}

/** A resident of the estate, found in the registry by name or phone. */
function MemberModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<MemberValues>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const placeId = Form.useWatch('placeId', form);
  const [q, setQ] = useState('');
  const people = useQuery({
    queryKey: ['fire', 'people', placeId, q],
    queryFn: () => fireApi.people(placeId!, q),
    enabled: Boolean(placeId) && q.trim().length > 0,
  });
  return (
    <Modal
      open
      title="添加义务消防队员"
      okText="添加"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v?.placeId || !v.personId) return;
        await run(async () => {
          await fireApi.addMember({
            placeId: v.placeId!,
            personId: v.personId!,
            duty: v.duty?.trim() || '队员',
          });
          message.success('已添加');
          await queryClient.invalidateQueries({ queryKey: ['fire', 'brigade'] });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ duty: '队员' }}>
        <Form.Item name="placeId" label="小区" rules={[{ required: true, message: '请选择小区' }]}>
          <PlaceTreeSelect />
        </Form.Item>
        <Form.Item
          name="personId"
          label="队员（从本小区实有人口中查找）"
          rules={[{ required: true, message: '请选择队员' }]}
        >
          <Select
            showSearch
            filterOption={false}
            disabled={!placeId}
            placeholder={placeId ? '输入姓名、拼音或手机号' : '先选择小区'}
            onSearch={setQ}
            loading={people.isFetching}
            options={(people.data?.items ?? []).map((p) => ({
              value: p.id,
              label: `${p.name} · ${p.address ?? ''} ${p.phoneMasked ?? ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="duty" label="分工">
          <Input maxLength={30} placeholder="队长、副队长、队员" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
