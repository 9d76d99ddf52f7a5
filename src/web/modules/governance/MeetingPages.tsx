import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  MEETING_KINDS,
  MEETING_STATUSES,
  type MeetingKind,
  type MeetingStatus,
} from '../../../shared/governance.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { formatDateTime } from '../../app/format.js';
import { useApiErrorHandler } from '../../app/forms.js';
import { govApi, govKeys, type MeetingDetail, type TaskList } from './api.js';
import { EstatePicker, useEstate, withEstate } from './estate.js';

const opts = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));
const STATUS_COLOR: Record<MeetingStatus, string> = {
  planned: 'processing',
  held: 'success',
  cancelled: 'default',
};

function TaskStatus({ t }: { t: TaskList['items'][number] }) {
  if (t.status === 'done') return <Tag color="success">已销号 {t.doneOn}</Tag>;
  return t.overdue ? <Tag color="error">逾期</Tag> : <Tag color="processing">办理中</Tag>;
}

export function MeetingsPage() {
  const { can } = useAuth();
  const estate = useEstate();
  const [search, setSearch] = useSearchParams();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const kind = search.get('kind') || undefined;
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: govKeys.of('meetings', estate.estateId, kind, page),
    queryFn: () => govApi.meetings({ estateId: estate.estateId, kind, page }),
    enabled: !!estate.estateId,
  });
  return (
    <div>
      <PageHeader
        title="会议与议事"
        description="月例会、联席会、协调会、季度议事会、业主大会、楼栋会：议程、出席、纪要与决定事项"
        extra={
          <Space wrap>
            <EstatePicker state={estate} />
            {can('governance.manage') && estate.estateId && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                召集会议
              </Button>
            )}
          </Space>
        }
      />
      <Card className="anju-card anju-query-card">
        <Form layout="inline">
          <Form.Item label="会议类型">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 160 }}
              value={kind}
              options={opts(MEETING_KINDS)}
              onChange={(v) => {
                const next = new URLSearchParams(search);
                if (v) next.set('kind', v);
                else next.delete('kind');
                next.delete('page');
                setSearch(next);
              }}
            />
          </Form.Item>
        </Form>
      </Card>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Card className="anju-card">
        <Table
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description="暂无会议，可点击「召集会议」" /> }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 次`,
            onChange: (p) => {
              const next = new URLSearchParams(search);
              next.set('page', String(p));
              setSearch(next);
            },
          }}
          columns={[
            {
              title: '会议',
              dataIndex: 'title',
              render: (t: string, r) => (
                <Link to={withEstate(`/gov/meetings/${r.id}`, estate.estateId)}>{t}</Link>
              ),
            },
            { title: '类型', dataIndex: 'kind', render: (k: MeetingKind) => MEETING_KINDS[k] },
            {
              title: '时间',
              dataIndex: 'heldAt',
              render: (d: string) => <span className="anju-mono">{formatDateTime(d)}</span>,
            },
            { title: '地点', dataIndex: 'location' },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: MeetingStatus) => <Tag color={STATUS_COLOR[s]}>{MEETING_STATUSES[s]}</Tag>,
            },
            {
              title: '决定事项',
              render: (_: unknown, r) =>
                r.decisionCount
                  ? `${r.decisionCount} 项${r.openTaskCount ? `，${r.openTaskCount} 项未销号` : ''}`
                  : '—',
            },
          ]}
        />
      </Card>
      {creating && estate.estateId && (
        <CreateMeetingModal estateId={estate.estateId} onClose={() => setCreating(false)} />
      )}
    </div>
  );
}

function CreateMeetingModal({ estateId, onClose }: { estateId: string; onClose: () => void }) {
  const [form] = Form.useForm();
  const onError = useApiErrorHandler();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      return govApi.createMeeting({
        estateId,
        kind: v.kind,
        title: v.title,
        heldAt: (v.heldAt as Dayjs).toISOString(),
        location: v.location ?? '',
        host: v.host ?? '',
        invitees: String(v.invitees ?? '')
          .split(/[\n,，、]/)
          .map((s: string) => s.trim())
          .filter(Boolean)
          .map((name: string) => ({ name })),
        agenda: String(v.agenda ?? '')
          .split('\n')
          .map((s: string) => s.trim())
          .filter(Boolean),
      });
    },
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: govKeys.all });
      navigate(withEstate(`/gov/meetings/${r.id}`, estateId));
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      open
      title="召集会议"
      onOk={() => save.mutate()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      width={600}
    >
      <Alert type="info" showIcon className="anju-block-gap" title="未销号的决定事项会自动列入议程（督办）" />
      <Form form={form} layout="vertical" initialValues={{ kind: 'monthly', location: '小区党群服务中心' }}>
        <Form.Item name="kind" label="会议类型">
          <Select options={opts(MEETING_KINDS)} />
        </Form.Item>
        <Form.Item name="title" label="会议名称" rules={[{ required: true, message: '请填写会议名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="heldAt" label="时间" rules={[{ required: true, message: '请选择时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="location" label="地点">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="host" label="主持人">
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="invitees" label="参会人员（用顿号或换行分隔）">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="agenda" label="议题（每行一项）">
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MeetingPage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const [recording, setRecording] = useState(false);
  const meeting = useQuery({ queryKey: govKeys.of('meeting', id), queryFn: () => govApi.meeting(id) });
  const m = meeting.data;
  if (meeting.isError) return <Alert type="error" showIcon title={errorMessage(meeting.error)} />;
  if (!m) return <Card loading />;
  return (
    <div>
      <PageHeader
        title={
          <Space>
            {m.title}
            <Tag color={STATUS_COLOR[m.status]}>{MEETING_STATUSES[m.status]}</Tag>
          </Space>
        }
        description={`${m.estateName} · ${MEETING_KINDS[m.kind]} · ${formatDateTime(m.heldAt)} · ${m.location}`}
        extra={
          can('governance.manage') &&
          m.status === 'planned' && (
            <Button type="primary" onClick={() => setRecording(true)}>
              记录会议
            </Button>
          )
        }
      />
      <Card className="anju-card" title="议程">
        {m.agenda.length === 0 ? (
          <Typography.Text type="secondary">无议题</Typography.Text>
        ) : (
          <ol className="anju-gov-agenda">
            {m.agenda.map((a) => (
              <li key={a.seq}>
                {a.content} {a.carriedTask && <TaskStatus t={a.carriedTask} />}
              </li>
            ))}
          </ol>
        )}
      </Card>
      {m.status === 'held' && (
        <>
          <Card
            className="anju-card"
            title={`出席（${m.attendance.filter((a) => a.present).length} / ${m.attendance.length} 人）`}
          >
            <Space wrap>
              {m.attendance.map((a) => (
                <Tag key={`${a.name}${a.org}`} color={a.present ? 'blue' : 'default'}>
                  {a.name}
                  {a.org && `（${a.org}）`}
                  {!a.present && ` 缺席${a.note ? `：${a.note}` : ''}`}
                </Tag>
              ))}
            </Space>
          </Card>
          <Card className="anju-card" title="会议纪要">
            <Typography.Paragraph className="anju-gov-text">{m.minutes}</Typography.Paragraph>
          </Card>
          <Card className="anju-card" title="决定事项与任务">
            <Table
              rowKey="seq"
              size="small"
              pagination={false}
              dataSource={m.decisions}
              columns={[
                { title: '决定事项', dataIndex: 'content' },
                { title: '责任人', render: (_: unknown, d) => d.task?.ownerName },
                {
                  title: '期限',
                  render: (_: unknown, d) => <span className="anju-mono">{d.task?.dueOn}</span>,
                },
                { title: '状态', render: (_: unknown, d) => d.task && <TaskStatus t={d.task} /> },
              ]}
            />
          </Card>
        </>
      )}
      {m.status === 'planned' && m.invitees.length > 0 && (
        <Card className="anju-card" title="参会人员">
          <Descriptions size="small">
            <Descriptions.Item label="邀请">{m.invitees.map((i) => i.name).join('、')}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {recording && <RecordModal m={m} onClose={() => setRecording(false)} />}
    </div>
  );
}

function RecordModal({ m, onClose }: { m: MeetingDetail; onClose: () => void }) {
  const [form] = Form.useForm();
  const onError = useApiErrorHandler();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      const present: string[] = v.present ?? [];
      return govApi.recordMeeting(m.id, {
        attendance: m.invitees.map((i) => ({ ...i, present: present.includes(i.name) })),
        minutes: v.minutes,
        decisions: (v.decisions ?? []).map((d: { content: string; ownerName: string; dueOn: Dayjs }) => ({
          content: d.content,
          ownerName: d.ownerName,
          dueOn: d.dueOn.format('YYYY-MM-DD'),
        })),
      });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: govKeys.all });
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      open
      title="记录会议"
      width={720}
      onOk={() => save.mutate()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ present: m.invitees.map((i) => i.name), decisions: [] }}
      >
        {m.invitees.length > 0 && (
          <Form.Item name="present" label="出席人员">
            <Checkbox.Group options={m.invitees.map((i) => i.name)} />
          </Form.Item>
        )}
        <Form.Item name="minutes" label="会议纪要" rules={[{ required: true, message: '请填写会议纪要' }]}>
          <Input.TextArea rows={5} maxLength={20000} />
        </Form.Item>
        <Typography.Text strong>决定事项（每项生成一个任务，限期办结销号）</Typography.Text>
        <Form.List name="decisions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item
                    name={[f.name, 'content']}
                    rules={[{ required: true, message: '请填写决定事项' }]}
                  >
                    <Input placeholder="决定事项" style={{ width: 260 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'ownerName']}
                    rules={[{ required: true, message: '请填写责任人' }]}
                  >
                    <Input placeholder="责任人" style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true, message: '请选择期限' }]}>
                    <DatePicker placeholder="完成期限" />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="删除" />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>
                添加决定事项
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

export function TasksPage() {
  const { can } = useAuth();
  const { modal } = App.useApp();
  const estate = useEstate();
  const onError = useApiErrorHandler();
  const qc = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const filter = search.get('filter') || 'open';
  const query =
    filter === 'overdue'
      ? { overdue: 'true' }
      : filter === 'open'
        ? { status: 'open' }
        : filter === 'done'
          ? { status: 'done' }
          : {};
  const list = useQuery({
    queryKey: govKeys.of('tasks', estate.estateId, filter, page),
    queryFn: () => govApi.tasks({ estateId: estate.estateId, page, ...query }),
    enabled: !!estate.estateId,
  });
  const done = (t: TaskList['items'][number]) => {
    let note = '';
    modal.confirm({
      title: `销号：${t.title}`,
      content: (
        <Input.TextArea rows={3} placeholder="办结情况（必填）" onChange={(e) => (note = e.target.value)} />
      ),
      okText: '销号',
      cancelText: '取消',
      onOk: async () => {
        try {
          await govApi.doneTask(t.id, note);
          await qc.invalidateQueries({ queryKey: govKeys.all });
        } catch (e) {
          onError(e);
          throw e;
        }
      },
    });
  };
  return (
    <div>
      <PageHeader
        title="决定事项督办"
        description="会议决定形成的任务：责任人、期限、整改销号；逾期未销号的标红"
        extra={<EstatePicker state={estate} />}
      />
      <Card className="anju-card anju-query-card">
        <Form layout="inline">
          <Form.Item label="筛选">
            <Select
              style={{ width: 160 }}
              value={filter}
              onChange={(v) => {
                const next = new URLSearchParams(search);
                next.set('filter', v);
                next.delete('page');
                setSearch(next);
              }}
              options={[
                { value: 'open', label: '办理中' },
                { value: 'overdue', label: '逾期未销号' },
                { value: 'done', label: '已销号' },
                { value: 'all', label: '全部' },
              ]}
            />
          </Form.Item>
        </Form>
      </Card>
      <Card className="anju-card">
        <Table
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={filter === 'overdue' ? '没有逾期任务' : '暂无任务'} /> }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 项`,
            onChange: (p) => {
              const next = new URLSearchParams(search);
              next.set('page', String(p));
              setSearch(next);
            },
          }}
          columns={[
            { title: '任务', dataIndex: 'title' },
            { title: '责任人', dataIndex: 'ownerName' },
            {
              title: '期限',
              dataIndex: 'dueOn',
              render: (d: string, t) => (
                <span className={t.overdue ? 'anju-gov-overdue anju-mono' : 'anju-mono'}>{d}</span>
              ),
            },
            { title: '状态', render: (_: unknown, t) => <TaskStatus t={t} /> },
            {
              title: '来源会议',
              render: (_: unknown, t) => (
                <Link to={withEstate(`/gov/meetings/${t.meetingId}`, estate.estateId)}>{t.meetingTitle}</Link>
              ),
            },
            { title: '办结情况', dataIndex: 'doneNote' },
            ...(can('governance.manage')
              ? [
                  {
                    title: '操作',
                    render: (_: unknown, t: TaskList['items'][number]) =>
                      t.status === 'open' && (
                        <Button size="small" type="link" onClick={() => done(t)}>
                          销号
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </div>
  );
}
