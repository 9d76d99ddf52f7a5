import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  APPLICATION_STATUSES,
  TEAM_KINDS,
  type TeamKind,
  VOLUNTEER_ROLES,
  WEEKDAYS,
} from '../../../shared/volunteers.js';
import { isApiError } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { useCurrentPlace } from '../../app/place.js';
import { vApi } from './api.js';
import { MemberActions, MemberHours, NewTeamButton, QrButton, TeamActions } from './TeamManage.js';
import '../requests/public.css';

/** 志愿者队伍. */
export function TeamsPage() {
  const { place } = useCurrentPlace();
  const { can } = useAuth();
  const q = useQuery({ queryKey: ['vol-teams', place?.id], queryFn: () => vApi.teams(place?.id) });
  return (
    <Card
      title="志愿者队伍"
      extra={
        <Space>
          <Link to="/volunteers/log">登记服务</Link>
          {place?.kind === 'estate' && (
            <QrButton label="招募二维码" path={`/zy/${place.id}`} title={`${place.name} 志愿者招募`} />
          )}
          {can('volunteers.manage') && <NewTeamButton />}
        </Space>
      }
    >
      <Table
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items}
        locale={{ emptyText: '暂无志愿者队伍' }}
        columns={[
          {
            title: '队伍',
            dataIndex: 'name',
            render: (t, r) => <Link to={`/volunteers/teams/${r.id}`}>{t}</Link>,
          },
          { title: '类型', dataIndex: 'kind', render: (k: TeamKind) => <Tag>{TEAM_KINDS[k]}</Tag> },
          { title: '所属', dataIndex: 'placeName' },
          { title: '队长', dataIndex: 'leaderName', render: (v) => v ?? '—' },
          { title: '队员', dataIndex: 'memberCount', render: (v) => `${v} 人` },
          { title: '今年服务时长', dataIndex: 'hoursThisYear', render: (v) => `${v} 小时` },
          {
            title: '待审核报名',
            dataIndex: 'pendingApplications',
            render: (v) => (v ? <Tag color="orange">{v}</Tag> : 0),
          },
        ]}
      />
    </Card>
  );
}

/** 队伍详情: members with their hours, the schedule, activities and hours by month. */
export function TeamPage() {
  const { id = '' } = useParams();
  const t = useQuery({ queryKey: ['vol-team', id], queryFn: () => vApi.team(id) });
  const h = useQuery({ queryKey: ['vol-hours', id], queryFn: () => vApi.hours(id) });
  const { can } = useAuth();
  const manage = can('volunteers.manage');
  const d = t.data;
  if (!d) return <Card loading />;
  return (
    <Card
      title={
        <Space>
          {d.name}
          <Tag>{TEAM_KINDS[d.kind]}</Tag>
        </Space>
      }
      extra={manage && <TeamActions team={d} />}
    >
      <Typography.Paragraph>{d.description}</Typography.Paragraph>
      <Typography.Paragraph>
        队长 {d.leaderName ?? '—'} · 队员 {d.memberCount} 人 · 累计服务 {d.totalHours} 小时 · 今年{' '}
        {d.hoursThisYear} 小时
      </Typography.Paragraph>
      <Tabs
        items={[
          {
            key: 'members',
            label: '队员',
            children: (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={d.members}
                columns={[
                  {
                    title: '姓名',
                    dataIndex: 'name',
                    render: (n: string, m: (typeof d.members)[number]) => <MemberHours id={m.id} name={n} />,
                  },
                  {
                    title: '职务',
                    dataIndex: 'role',
                    render: (r: keyof typeof VOLUNTEER_ROLES) => VOLUNTEER_ROLES[r],
                  },
                  { title: '可服务时间', dataIndex: 'availability' },
                  { title: '累计时长', dataIndex: 'totalHours', render: (v) => `${v} 小时` },
                  { title: '积分', dataIndex: 'totalPoints' },
                  { title: '状态', dataIndex: 'active', render: (v) => (v ? '在册' : <Tag>已退出</Tag>) },
                  ...(manage
                    ? [
                        {
                          title: '操作',
                          render: (_: unknown, m: (typeof d.members)[number]) => (
                            <MemberActions teamId={d.id} member={m} />
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            ),
          },
          {
            key: 'shifts',
            label: '排班',
            children: (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={d.shifts}
                columns={[
                  {
                    title: '时间',
                    render: (_, s) =>
                      `${s.weekday ? `每${WEEKDAYS[s.weekday]}` : s.date} ${s.startTime}—${s.endTime}`,
                  },
                  { title: '班次', dataIndex: 'title' },
                  { title: '地点', dataIndex: 'location' },
                  { title: '人员', render: (_, s) => s.members.map((m) => m.name).join('、') },
                ]}
              />
            ),
          },
          {
            key: 'hours',
            label: '每月时长',
            children: (
              <Table
                rowKey="month"
                size="small"
                pagination={false}
                dataSource={h.data?.months}
                columns={[
                  { title: '月份', dataIndex: 'month' },
                  { title: '服务时长（小时）', dataIndex: 'hours' },
                  { title: '人次', dataIndex: 'records' },
                  { title: '参与人数', dataIndex: 'people' },
                ]}
              />
            ),
          },
          {
            key: 'activities',
            label: '活动',
            children: (
              <Table
                rowKey="id"
                size="small"
                dataSource={d.activities}
                columns={[
                  { title: '日期', dataIndex: 'heldOn' },
                  { title: '活动', dataIndex: 'title' },
                  { title: '地点', dataIndex: 'location' },
                  { title: '参与', dataIndex: 'participants', render: (v) => `${v} 人` },
                  { title: '时长', dataIndex: 'hours' },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 登记服务 (phone-sized): a leader logs a shift walked together, on foot. */
export function RecordEntryPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const teamId = Form.useWatch('teamId', form);
  const teams = useQuery({ queryKey: ['vol-teams', 'all'], queryFn: () => vApi.teams() });
  // A leader usually logs their own (first) team: start there.
  useEffect(() => {
    const first = teams.data?.items[0]?.id;
    if (first && !form.getFieldValue('teamId')) form.setFieldValue('teamId', first);
  }, [teams.data, form]);
  const team = useQuery({
    queryKey: ['vol-team', teamId],
    queryFn: () => vApi.team(teamId),
    enabled: !!teamId,
  });
  const save = useMutation({
    mutationFn: vApi.record,
    onSuccess: (r) => {
      message.success(`已登记 ${r.ids.length} 人`);
      form.resetFields(['memberIds', 'note']);
    },
    onError: (e) => message.error(isApiError(e) ? e.message : '登记失败'),
  });
  return (
    <Card title="登记服务时长" style={{ maxWidth: 480, margin: '0 auto' }}>
      <Form
        form={form}
        layout="vertical"
        size="large"
        initialValues={{ servedOn: dayjs(), hours: 2, points: 4 }}
        onFinish={(v) => save.mutate({ ...v, servedOn: v.servedOn.format('YYYY-MM-DD') })}
      >
        <Form.Item name="teamId" label="队伍" rules={[{ required: true, message: '请选择队伍' }]}>
          <Select options={teams.data?.items.map((t) => ({ value: t.id, label: t.name }))} />
        </Form.Item>
        <Form.Item
          name="memberIds"
          label="参加的队员"
          rules={[{ required: true, message: '请至少选择一人' }]}
        >
          <Checkbox.Group
            style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}
            options={team.data?.members.filter((m) => m.active).map((m) => ({ value: m.id, label: m.name }))}
          />
        </Form.Item>
        <Form.Item name="servedOn" label="日期" rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="hours" label="每人时长（小时）" rules={[{ required: true }]}>
          <InputNumber min={0.25} max={24} step={0.5} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="points" label="积分">
          <InputNumber min={0} max={1000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input placeholder="如：夜间巡逻，发现 1 处消防通道堵塞已上报" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={save.isPending} style={{ height: 48 }}>
          登记
        </Button>
      </Form>
    </Card>
  );
}

/** 报名审核. */
export function ApplicationsPage() {
  const { place } = useCurrentPlace();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['vol-apps', place?.id], queryFn: () => vApi.applications(place?.id) });
  const done = () => qc.invalidateQueries({ queryKey: ['vol-apps'] });
  const approve = useMutation({
    mutationFn: vApi.approve,
    onSuccess: () => {
      message.success('已通过，已加入队伍');
      done();
    },
  });
  const reject = useMutation({ mutationFn: (id: string) => vApi.reject(id, '暂不需要'), onSuccess: done });
  return (
    <Card title="志愿者报名审核">
      <Table
        rowKey="id"
        dataSource={q.data?.items}
        locale={{ emptyText: '暂无报名' }}
        columns={[
          { title: '队伍', dataIndex: 'teamName' },
          { title: '姓名', dataIndex: 'name' },
          { title: '手机', dataIndex: 'phoneMasked' },
          { title: '可服务时间', dataIndex: 'availability' },
          { title: '说明', dataIndex: 'note' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: keyof typeof APPLICATION_STATUSES) => (
              <Tag color={s === 'pending' ? 'orange' : s === 'approved' ? 'green' : 'default'}>
                {APPLICATION_STATUSES[s]}
              </Tag>
            ),
          },
          {
            title: '操作',
            render: (_, a) =>
              a.status === 'pending' && (
                <>
                  <Button size="small" type="primary" onClick={() => approve.mutate(a.id)}>
                    通过
                  </Button>{' '}
                  <Button size="small" onClick={() => reject.mutate(a.id)}>
                    不通过
                  </Button>
                </>
              ),
          },
        ]}
      />
    </Card>
  );
}

/** 志愿者报名: public, no login, from a QR code in WeChat's browser. */
export function PublicSignupPage() {
  const { estateId = '' } = useParams();
  const [done, setDone] = useState(false);
  const q = useQuery({ queryKey: ['vol-public', estateId], queryFn: () => vApi.publicTeams(estateId) });
  const [form] = Form.useForm();
  const send = useMutation({
    mutationFn: vApi.signup,
    onSuccess: () => setDone(true),
    onError: (e) => {
      if (isApiError(e))
        form.setFields(
          Object.entries(e.fields ?? { phone: e.message }).map(([name, error]) => ({
            name,
            errors: [error],
          })),
        );
    },
  });
  if (q.isError) return <Result status="404" title="没有找到这个小区" />;
  if (done)
    return (
      <div className="public-page">
        <Result
          status="success"
          title="报名已提交"
          subTitle="社区审核后会电话联系您，谢谢您为小区出一份力！"
        />
      </div>
    );
  return (
    <div className="public-page">
      <header className="public-header">
        <Typography.Title level={4}>{q.data?.estate.name ?? ''} 志愿者招募</Typography.Title>
        <Typography.Text type="secondary">填写后由社区审核，审核通过即加入队伍。</Typography.Text>
      </header>
      <Form form={form} layout="vertical" size="large" onFinish={(v) => send.mutate(v)}>
        <Form.Item name="teamId" label="想加入的队伍" rules={[{ required: true, message: '请选择队伍' }]}>
          <Radio.Group style={{ display: 'grid', gap: 8, width: '100%' }}>
            {q.data?.teams.map((t) => (
              <Radio
                key={t.id}
                value={t.id}
                style={{
                  fontSize: 16,
                  padding: '10px 12px',
                  border: '1px solid #d9d9d9',
                  borderRadius: 8,
                  background: '#fff',
                }}
              >
                <strong>{t.name}</strong>（{t.memberCount} 人）
                <div style={{ color: '#666', fontSize: 14 }}>{t.description}</div>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: '请填写手机号码' }]}>
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        <Form.Item name="availability" label="方便的时间">
          <Input placeholder="如：周末上午、工作日晚上" />
        </Form.Item>
        <Form.Item name="note" label="特长或说明">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="website" className="public-hp" aria-hidden>
          <Input tabIndex={-1} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={send.isPending} style={{ height: 48 }}>
          提交报名
        </Button>
      </Form>
    </div>
  );
}
