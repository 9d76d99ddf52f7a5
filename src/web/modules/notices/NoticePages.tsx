import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import {
  CHANNEL_KINDS,
  type ChannelKind,
  DELIVERY_STATUSES,
  type DeliveryStatus,
  NOTICE_KINDS,
} from '../../../shared/notices.js';
import { isApiError } from '../../app/api.js';
import { PlaceTreeSelect, useScopeRoots } from '../../app/components/PlaceTreeSelect.js';
import { formatDateTime } from '../../app/format.js';
import { useCurrentPlace } from '../../app/place.js';
import { type ChannelList, noticesApi } from './api.js';
import '../requests/public.css';

const fmt = (iso: string | null) => (iso ? formatDateTime(iso) : '—');
const SEND_KINDS: string[] = ['street', 'community', 'estate'];
function PlaceField() {
  const { place } = useCurrentPlace();
  const { roots } = useScopeRoots();
  return (
    <Form.Item name="placeId" label="所属" rules={[{ required: true, message: '请选择街道、社区或小区' }]}>
      <PlaceTreeSelect
        placeholder="选择街道、社区或小区"
        knownPlaces={[...(place ? [place] : []), ...roots]}
        isDisabled={(p) => !SEND_KINDS.includes(p.kind)}
      />
    </Form.Item>
  );
}
const STATUS_COLOR: Record<DeliveryStatus, string> = {
  queued: 'default',
  retrying: 'orange',
  sent: 'green',
  failed: 'red',
  skipped: 'default',
};
const statusTag = (s: DeliveryStatus) => <Tag color={STATUS_COLOR[s]}>{DELIVERY_STATUSES[s]}</Tag>;

/** 通知详情: read receipts (who has read, who not) and each channel's delivery. */
export function NoticePage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [read, setRead] = useState<'true' | 'false'>('false');
  const [page, setPage] = useState(1);
  const detail = useQuery({ queryKey: ['notice', id], queryFn: () => noticesApi.get(id) });
  const receipts = useQuery({
    queryKey: ['notice-receipts', id, read, page],
    queryFn: () => noticesApi.receipts(id, { read, page, pageSize: 20 }),
  });
  const retry = useMutation({
    mutationFn: noticesApi.retry,
    onSuccess: () => {
      message.success('已重新排队发送');
      qc.invalidateQueries({ queryKey: ['notice', id] });
    },
    onError: (e) => message.error(isApiError(e) ? e.message : '操作失败'),
  });
  const withdraw = useMutation({
    mutationFn: () => noticesApi.withdraw(id),
    onSuccess: () => {
      message.success('已撤回');
      qc.invalidateQueries({ queryKey: ['notice', id] });
    },
  });
  const n = detail.data;
  if (!n) return <Card loading />;
  return (
    <Card
      title={n.title}
      extra={
        n.status === 'published' && (
          <Button
            danger
            onClick={() =>
              Modal.confirm({
                title: '撤回后公告栏不再显示，未发出的推送取消。确定撤回？',
                onOk: () => withdraw.mutate(),
              })
            }
          >
            撤回
          </Button>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="类型">{NOTICE_KINDS[n.kind]}</Descriptions.Item>
        <Descriptions.Item label="发布地点">{n.placeName}</Descriptions.Item>
        <Descriptions.Item label="发送对象">{n.audienceLabel}</Descriptions.Item>
        <Descriptions.Item label="发布人">{n.createdByName}</Descriptions.Item>
        <Descriptions.Item label="发布时间">{fmt(n.publishedAt)}</Descriptions.Item>
        <Descriptions.Item label="状态">
          {n.status === 'published' ? '已发布' : `已撤回 ${fmt(n.withdrawnAt)}`}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{n.body}</Typography.Paragraph>
      {n.attachment && <a href={n.attachment.url}>附件：{n.attachment.name}</a>}
      <Space size="large" style={{ margin: '16px 0' }}>
        <Statistic title="接收人" value={n.recipientCount} suffix="人" />
        <Statistic title="已读" value={n.readCount} suffix="人" />
        <Statistic title="未读" value={n.unreadCount} suffix="人" />
      </Space>
      <Tabs
        items={[
          {
            key: 'receipts',
            label: '阅读回执',
            children: (
              <>
                <Select
                  value={read}
                  onChange={(v) => {
                    setRead(v);
                    setPage(1);
                  }}
                  options={[
                    { value: 'false', label: '未读' },
                    { value: 'true', label: '已读' },
                  ]}
                  style={{ marginBottom: 8 }}
                />
                <Table
                  rowKey="userId"
                  size="small"
                  dataSource={receipts.data?.items}
                  pagination={{ current: page, total: receipts.data?.total, onChange: setPage }}
                  columns={[
                    { title: '姓名', dataIndex: 'name' },
                    { title: '所在', dataIndex: 'via' },
                    { title: '阅读时间', dataIndex: 'readAt', render: (v) => (v ? fmt(v) : <Tag>未读</Tag>) },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'deliveries',
            label: `推送情况（${n.deliveries.length}）`,
            children: (
              <>
                <Space wrap style={{ marginBottom: 8 }}>
                  {n.channels.map((c) => (
                    <Tag key={c.channelId} color={c.failed ? 'red' : c.pending ? 'orange' : 'green'}>
                      {c.channelName}：已送达 {c.sent}/{c.total}
                      {c.failed ? `，失败 ${c.failed}` : ''}
                      {c.pending ? `，发送中 ${c.pending}` : ''}
                    </Tag>
                  ))}
                </Space>
                <Table
                  rowKey="id"
                  size="small"
                  dataSource={n.deliveries}
                  columns={[
                    { title: '渠道', dataIndex: 'channelName' },
                    { title: '接收方', dataIndex: 'recipientLabel' },
                    { title: '状态', dataIndex: 'status', render: statusTag },
                    { title: '尝试次数', dataIndex: 'attempts' },
                    { title: '最近错误', dataIndex: 'lastError', render: (v) => v ?? '—' },
                    { title: '更新时间', dataIndex: 'updatedAt', render: fmt },
                    {
                      title: '操作',
                      render: (_, d) =>
                        d.status === 'failed' && (
                          <Button size="small" onClick={() => retry.mutate(d.id)}>
                            重发
                          </Button>
                        ),
                    },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 推送渠道: masked addresses and secrets, a test-send button. */
export function ChannelsPage() {
  const { place } = useCurrentPlace();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  // The channel being changed; its address and secret stay on the server unless typed again.
  const [editing, setEditing] = useState<ChannelList['items'][number] | null>(null);
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as ChannelKind | undefined;
  const openEdit = (c: ChannelList['items'][number]) => {
    setEditing(c);
    form.setFieldsValue({
      kind: c.kind,
      name: c.name,
      format: c.format,
      method: c.sms?.method ?? 'POST',
      bodyTemplate: c.sms?.bodyTemplate,
      headerName: c.sms?.headerName,
    });
    setOpen(true);
  };
  const list = useQuery({
    queryKey: ['notice-channels', place?.id],
    queryFn: () => noticesApi.channels({ placeId: place?.id }),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['notice-channels'] });
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      editing ? noticesApi.updateChannel(editing.id, body) : noticesApi.createChannel(body),
    onSuccess: () => {
      message.success('已保存');
      setOpen(false);
      setEditing(null);
      refresh();
    },
    onError: (e) => {
      if (!isApiError(e)) return message.error('保存失败');
      message.error(e.message);
      form.setFields(Object.entries(e.fields ?? {}).map(([name, error]) => ({ name, errors: [error] })));
    },
  });
  const test = useMutation({
    mutationFn: (id: string) => noticesApi.testChannel(id),
    onSuccess: (r) => {
      if (r.ok) message.success('测试消息已送达');
      else message.error(`发送失败：${r.error}`);
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: noticesApi.removeChannel, onSuccess: refresh });
  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      noticesApi.updateChannel(id, { enabled }),
    onSuccess: refresh,
    onError: (e) => message.error(isApiError(e) ? e.message : '操作失败'),
  });
  return (
    <Card
      title="推送渠道"
      extra={
        <Button
          type="primary"
          onClick={() => {
            setEditing(null);
            form.resetFields();
            setOpen(true);
          }}
        >
          新增渠道
        </Button>
      }
    >
      <Table
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        locale={{ emptyText: '暂无推送渠道，可新增企业微信、钉钉、飞书群机器人或短信网关' }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kind', render: (k: ChannelKind) => CHANNEL_KINDS[k] },
          { title: '所属', dataIndex: 'placeName' },
          {
            title: '地址（脱敏）',
            dataIndex: 'urlMasked',
            render: (v) => <Typography.Text code>{v}</Typography.Text>,
          },
          { title: '密钥', dataIndex: 'hasSecret', render: (v) => (v ? '已设置' : '—') },
          {
            title: '启用',
            dataIndex: 'enabled',
            render: (v: boolean, c) => (
              <Switch checked={v} size="small" onChange={(enabled) => toggle.mutate({ id: c.id, enabled })} />
            ),
          },
          {
            title: '最近发送',
            render: (_, c) =>
              c.lastStatus ? (
                <span title={c.lastError ?? ''}>
                  {statusTag(c.lastStatus)}
                  {fmt(c.lastAt)}
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: '操作',
            render: (_, c) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => test.mutate(c.id)}
                  loading={test.isPending && test.variables === c.id}
                >
                  测试发送
                </Button>
                <Button size="small" onClick={() => openEdit(c)}>
                  修改
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    Modal.confirm({
                      title: `删除“${c.name}”？其发送记录一并删除。`,
                      onOk: () => remove.mutate(c.id),
                    })
                  }
                >
                  删除
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title={editing ? `修改推送渠道：${editing.name}` : '新增推送渠道'}
        onCancel={() => {
          setOpen(false);
          setEditing(null);
        }}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            kind: 'wecom',
            format: 'markdown',
            placeId: place && SEND_KINDS.includes(place.kind) ? place.id : undefined,
          }}
          onFinish={(v) => {
            const sms =
              v.kind === 'sms'
                ? { method: v.method ?? 'POST', bodyTemplate: v.bodyTemplate, headerName: v.headerName ?? '' }
                : null;
            create.mutate(
              editing
                ? {
                    name: v.name,
                    format: v.format,
                    // Left empty: the stored address and secret are kept.
                    ...(v.url ? { url: v.url } : {}),
                    ...(v.secret ? { secret: v.secret } : {}),
                    ...(sms ? { sms } : {}),
                  }
                : {
                    placeId: v.placeId,
                    kind: v.kind,
                    name: v.name,
                    url: v.url,
                    secret: v.secret ?? '',
                    format: v.format,
                    sms,
                  },
            );
          }}
        >
          {!editing && <PlaceField />}
          <Form.Item name="kind" label="类型">
            <Select
              disabled={!!editing}
              options={Object.entries(CHANNEL_KINDS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input placeholder="如：锦绣春天平安群" />
          </Form.Item>
          <Form.Item
            name="url"
            label={kind === 'sms' ? '网关地址' : 'Webhook 地址'}
            rules={editing ? [] : [{ required: true, message: '请填写地址' }]}
            extra={editing ? `当前：${editing.urlMasked}，不填则保留` : undefined}
          >
            <Input placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" />
          </Form.Item>
          <Form.Item
            name="secret"
            label={kind === 'sms' ? '请求头的值（密钥）' : '加签/签名密钥'}
            extra={editing?.hasSecret ? '已设置，不填则保留原密钥' : '保存后加密存储，不再显示'}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {kind === 'sms' && (
            <>
              <Form.Item name="method" label="请求方式" initialValue="POST">
                <Select
                  options={[
                    { value: 'POST', label: 'POST' },
                    { value: 'PUT', label: 'PUT' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="headerName" label="请求头名称">
                <Input placeholder="X-Api-Key" />
              </Form.Item>
              <Form.Item
                name="bodyTemplate"
                label="请求体模板（JSON）"
                rules={[{ required: true, message: '请填写模板' }]}
              >
                <Input.TextArea rows={3} placeholder='{"mobile":"{{phone}}","content":"{{content}}"}' />
              </Form.Item>
            </>
          )}
          {(kind === 'wecom' || kind === 'dingtalk') && (
            <Form.Item name="format" label="消息格式">
              <Select
                options={[
                  { value: 'markdown', label: 'Markdown' },
                  { value: 'text', label: '纯文本' },
                ]}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

/** 通知模板 (每周平安提示 …). */
export function TemplatesPage() {
  const { place } = useCurrentPlace();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({
    queryKey: ['notice-templates', place?.id],
    queryFn: () => noticesApi.templates({ placeId: place?.id }),
  });
  const removeTpl = useMutation({
    mutationFn: noticesApi.removeTemplate,
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notice-templates'] }),
  });
  const create = useMutation({
    mutationFn: noticesApi.createTemplate,
    onSuccess: () => {
      setOpen(false);
      qc.invalidateQueries({ queryKey: ['notice-templates'] });
    },
  });
  return (
    <Card
      title="通知模板"
      extra={
        <Button type="primary" disabled={!place} onClick={() => setOpen(true)}>
          新增模板
        </Button>
      }
    >
      <Table
        rowKey="id"
        dataSource={list.data?.items}
        expandable={{ expandedRowRender: (t) => <pre style={{ whiteSpace: 'pre-wrap' }}>{t.body}</pre> }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '标题', dataIndex: 'title' },
          {
            title: '占位符',
            dataIndex: 'placeholders',
            render: (p: string[]) => p.map((x) => <Tag key={x}>{x}</Tag>),
          },
          { title: '所属', dataIndex: 'placeName' },
          {
            title: '操作',
            render: (_, t) => (
              <Button
                size="small"
                danger
                onClick={() =>
                  Modal.confirm({ title: `删除模板“${t.name}”？`, onOk: () => removeTpl.mutate(t.id) })
                }
              >
                删除
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title="新增模板"
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            kind: 'safety',
            placeId: place && SEND_KINDS.includes(place.kind) ? place.id : undefined,
          }}
          onFinish={(v) => create.mutate(v)}
        >
          <PlaceField />
          <Form.Item name="name" label="名称" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label="类型">
            <Select options={Object.entries(NOTICE_KINDS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="title" label="标题" rules={[{ required: true }]}>
            <Input placeholder="{{小区}}每周平安提示（{{日期}}）" />
          </Form.Item>
          <Form.Item name="body" label="正文" rules={[{ required: true }]}>
            <Input.TextArea rows={5} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** What a recipient opens from the bell: opening it is the read receipt. */
export function ReceivedNoticePage() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['notice-received', id], queryFn: () => noticesApi.received(id) });
  if (q.isError) return <Result status="404" title="通知不存在" />;
  const n = q.data;
  return (
    <Card loading={!n} title={n?.title}>
      {n && (
        <>
          <Typography.Text type="secondary">
            {n.placeName} · {n.createdByName} · {fmt(n.publishedAt)}
          </Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, fontSize: 16 }}>
            {n.body}
          </Typography.Paragraph>
          {n.attachment && <a href={n.attachment.url}>附件：{n.attachment.name}</a>}
        </>
      )}
    </Card>
  );
}

/** 小区公告栏: public, no login, from a QR code in WeChat's browser. */
export function PublicBoardPage() {
  const { estateId = '' } = useParams();
  const q = useQuery({ queryKey: ['notice-board', estateId], queryFn: () => noticesApi.board(estateId) });
  if (q.isError) return <Result status="404" title="没有找到这个小区" />;
  return (
    <div className="public-page">
      <header className="public-header">
        <Typography.Title level={4}>{q.data?.estate.name ?? '小区'} 公告栏</Typography.Title>
      </header>
      {q.data?.items.length === 0 && <Typography.Paragraph>暂无公告。</Typography.Paragraph>}
      {q.data?.items.map((n) => (
        <Card
          key={n.id}
          size="small"
          style={{ marginBottom: 12 }}
          title={<span style={{ fontSize: 17 }}>{n.title}</span>}
        >
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 16 }}>
            {n.body}
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            {n.placeName} · {formatDateTime(n.publishedAt).slice(0, 10)}
          </Typography.Text>
          {n.attachment && (
            <div>
              <a href={n.attachment.url}>附件：{n.attachment.name}</a>
            </div>
          )}
        </Card>
      ))}
    </div>
  );
}
