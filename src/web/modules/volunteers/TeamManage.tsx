import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  QRCode,
  Radio,
  Select,
  Space,
  Table,
  TimePicker,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { TEAM_KINDS, VOLUNTEER_ROLES, WEEKDAYS } from '../../../shared/volunteers.js';
import { isApiError } from '../../app/api.js';
import { PlaceTreeSelect, useScopeRoots } from '../../app/components/PlaceTreeSelect.js';
import { useCurrentPlace } from '../../app/place.js';
import { type TeamDetail, vApi } from './api.js';

const TEAM_PLACES: string[] = ['community', 'estate', 'grid'];

/** The QR code residents scan (printed at the unit door, posted to the owners' group). */
export function QrButton({ label, path, title }: { label: string; path: string; title: string }) {
  const [open, setOpen] = useState(false);
  const url = `${window.location.origin}${path}`;
  return (
    <>
      <Button onClick={() => setOpen(true)}>{label}</Button>
      <Modal open={open} title={title} footer={null} onCancel={() => setOpen(false)} width={360}>
        <Space direction="vertical" align="center" style={{ width: '100%' }}>
          <QRCode value={url} size={240} />
          <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
            {url}
          </Typography.Text>
          <Typography.Text type="secondary">微信扫一扫即可打开，无需登录</Typography.Text>
        </Space>
      </Modal>
    </>
  );
}

function useFail(form: ReturnType<typeof Form.useForm>[0]) {
  const { message } = App.useApp();
  return (e: unknown) => {
    if (!isApiError(e)) return void message.error('保存失败');
    message.error(e.message);
    form.setFields(Object.entries(e.fields ?? {}).map(([name, error]) => ({ name, errors: [error] })));
  };
}

/** 新建队伍. */
export function NewTeamButton() {
  const { place } = useCurrentPlace();
  const { roots } = useScopeRoots();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const fail = useFail(form);
  const create = useMutation({
    mutationFn: vApi.createTeam,
    onSuccess: () => {
      setOpen(false);
      qc.invalidateQueries({ queryKey: ['vol-teams'] });
    },
    onError: fail,
  });
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        新建队伍
      </Button>
      <Modal
        open={open}
        title="新建志愿者队伍"
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            kind: 'safety',
            placeId: place && TEAM_PLACES.includes(place.kind) ? place.id : undefined,
          }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item
            name="placeId"
            label="所属"
            rules={[{ required: true, message: '请选择社区、小区或网格' }]}
          >
            <PlaceTreeSelect
              placeholder="社区、小区或网格"
              knownPlaces={[...(place ? [place] : []), ...roots]}
              isDisabled={(p) => !TEAM_PLACES.includes(p.kind)}
            />
          </Form.Item>
          <Form.Item name="kind" label="类型">
            <Select options={Object.entries(TEAM_KINDS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="name" label="队伍名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="description" label="简介">
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 添加队员, 新增排班, 登记活动 on a team's page. */
export function TeamActions({ team }: { team: TeamDetail }) {
  const qc = useQueryClient();
  const [which, setWhich] = useState<'member' | 'shift' | 'activity' | null>(null);
  const [q, setQ] = useState('');
  const [form] = Form.useForm();
  const fail = useFail(form);
  const people = useQuery({
    queryKey: ['vol-people', team.placeId, q],
    queryFn: () => vApi.people(team.placeId, q),
    enabled: which === 'member' && q.length > 0,
  });
  const close = () => {
    setWhich(null);
    form.resetFields();
    qc.invalidateQueries({ queryKey: ['vol-team', team.id] });
  };
  const save = useMutation({
    mutationFn: async (v: Record<string, unknown>) => {
      if (which === 'member') return vApi.addMember(team.id, v);
      if (which === 'activity')
        return vApi.addActivity(team.id, { ...v, heldOn: (v.heldOn as Dayjs).format('YYYY-MM-DD') });
      const [start, end] = v.time as [Dayjs, Dayjs];
      return vApi.addShift(team.id, {
        title: v.title,
        location: v.location ?? '',
        memberIds: v.memberIds ?? [],
        startTime: start.format('HH:mm'),
        endTime: end.format('HH:mm'),
        weekday: v.repeat === 'weekly' ? v.weekday : null,
        date: v.repeat === 'dated' ? (v.date as Dayjs).format('YYYY-MM-DD') : null,
      });
    },
    onSuccess: close,
    onError: fail,
  });
  const repeat = Form.useWatch('repeat', form);
  const titles = { member: '添加队员', shift: '新增排班', activity: '登记活动' };
  return (
    <>
      <Space>
        <Button onClick={() => setWhich('member')}>添加队员</Button>
        <Button onClick={() => setWhich('shift')}>新增排班</Button>
        <Button onClick={() => setWhich('activity')}>登记活动</Button>
      </Space>
      <Modal
        open={which !== null}
        title={which ? titles[which] : ''}
        onCancel={() => setWhich(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ role: 'member', repeat: 'weekly', weekday: 1 }}
          onFinish={(v) => save.mutate(v)}
        >
          {which === 'member' && (
            <>
              <Form.Item
                name="personId"
                label="从实有人口中选择"
                rules={[{ required: true, message: '请选择人员' }]}
              >
                <Select
                  showSearch
                  filterOption={false}
                  onSearch={setQ}
                  placeholder="输入姓名、拼音或手机号后 4 位"
                  notFoundContent={q ? '没有找到' : '请输入关键字'}
                  options={people.data?.items.map((p) => ({
                    value: p.id,
                    label: `${p.name}${p.address ? `（${p.address}）` : ''}`,
                  }))}
                />
              </Form.Item>
              <Form.Item name="role" label="职务">
                <Radio.Group
                  options={Object.entries(VOLUNTEER_ROLES).map(([value, label]) => ({ value, label }))}
                />
              </Form.Item>
              <Form.Item name="availability" label="可服务时间">
                <Input placeholder="如：工作日晚上" />
              </Form.Item>
            </>
          )}
          {which === 'shift' && (
            <>
              <Form.Item
                name="title"
                label="班次名称"
                rules={[{ required: true, message: '请填写班次名称' }]}
              >
                <Input placeholder="如：夜间巡逻" />
              </Form.Item>
              <Form.Item name="repeat" label="重复">
                <Radio.Group
                  options={[
                    { value: 'weekly', label: '每周' },
                    { value: 'dated', label: '指定日期' },
                  ]}
                />
              </Form.Item>
              {repeat === 'dated' ? (
                <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
                  <DatePicker />
                </Form.Item>
              ) : (
                <Form.Item name="weekday" label="星期">
                  <Select options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: WEEKDAYS[d] }))} />
                </Form.Item>
              )}
              <Form.Item name="time" label="时间" rules={[{ required: true, message: '请选择时间' }]}>
                <TimePicker.RangePicker format="HH:mm" minuteStep={5} />
              </Form.Item>
              <Form.Item name="location" label="地点">
                <Input />
              </Form.Item>
              <Form.Item name="memberIds" label="排班人员">
                <Select
                  mode="multiple"
                  options={team.members.filter((m) => m.active).map((m) => ({ value: m.id, label: m.name }))}
                />
              </Form.Item>
            </>
          )}
          {which === 'activity' && (
            <>
              <Form.Item
                name="title"
                label="活动名称"
                rules={[{ required: true, message: '请填写活动名称' }]}
              >
                <Input />
              </Form.Item>
              <Form.Item name="heldOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="location" label="地点">
                <Input />
              </Form.Item>
              <Form.Item name="description" label="活动内容">
                <Input.TextArea rows={3} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}

/** 设为队长 / 移出 on a member's row. */
export function MemberActions({ teamId, member }: { teamId: string; member: TeamDetail['members'][number] }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const done = () => qc.invalidateQueries({ queryKey: ['vol-team', teamId] });
  const onError = (e: unknown) => message.error(isApiError(e) ? e.message : '操作失败');
  const lead = useMutation({
    mutationFn: () => vApi.updateMember(member.id, { role: 'leader' }),
    onSuccess: done,
    onError,
  });
  const remove = useMutation({ mutationFn: () => vApi.removeMember(member.id), onSuccess: done, onError });
  if (!member.active) return null;
  return (
    <Space>
      {member.role !== 'leader' && (
        <Button size="small" onClick={() => lead.mutate()}>
          设为队长
        </Button>
      )}
      <Button
        size="small"
        danger
        onClick={() =>
          Modal.confirm({
            title: `将 ${member.name} 移出队伍？`,
            content: member.records > 0 ? '已有服务记录，将保留为“已退出”，时长仍计入队伍。' : undefined,
            onOk: () => remove.mutate(),
          })
        }
      >
        移出
      </Button>
    </Space>
  );
}

/** A member's total hours and points, and by month. */
export function MemberHours({ id, name }: { id: string; name: string }) {
  const [open, setOpen] = useState(false);
  const q = useQuery({ queryKey: ['vol-member', id], queryFn: () => vApi.member(id), enabled: open });
  return (
    <>
      <Typography.Link onClick={() => setOpen(true)}>{name}</Typography.Link>
      <Modal open={open} title={`${name} 的服务时长`} footer={null} onCancel={() => setOpen(false)}>
        {q.data && (
          <>
            <Typography.Paragraph>
              {q.data.teamName} · 累计 {q.data.totalHours} 小时 · 积分 {q.data.totalPoints} · {q.data.records}{' '}
              次
            </Typography.Paragraph>
            <Table
              rowKey="month"
              size="small"
              pagination={false}
              dataSource={q.data.byMonth}
              locale={{ emptyText: '暂无服务记录' }}
              columns={[
                { title: '月份', dataIndex: 'month' },
                { title: '时长（小时）', dataIndex: 'hours' },
                { title: '积分', dataIndex: 'points' },
              ]}
            />
          </>
        )}
      </Modal>
    </>
  );
}
