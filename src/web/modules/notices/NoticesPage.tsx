import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  Modal,
  Progress,
  QRCode,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  AUDIENCE_KINDS,
  type AudienceKind,
  NOTICE_ATTACHMENT_MAX_BYTES,
  NOTICE_KINDS,
  NOTICE_STATUSES,
  placeholdersOf,
} from '../../../shared/notices.js';
import { isApiError } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PlaceTreeSelect, useScopeRoots } from '../../app/components/PlaceTreeSelect.js';
import { formatDateTime } from '../../app/format.js';
import { useCurrentPlace } from '../../app/place.js';
import { type NoticeInput, noticesApi, type Preview } from './api.js';

/** 通知公告: the list, and the compose drawer (audience, channels, template, preview). */
export function NoticesPage() {
  const { place } = useCurrentPlace();
  const { user } = useAuth();
  const canSend = user?.permissions.includes('notices.send') ?? false;
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const list = useQuery({
    queryKey: ['notices', place?.id, page, q],
    queryFn: () => noticesApi.list({ placeId: place?.id, page, pageSize: 20, q: q || undefined }),
  });
  return (
    <Card
      title="通知公告"
      extra={
        <Space>
          <Input.Search
            placeholder="标题"
            allowClear
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
            style={{ width: 200 }}
          />
          {place?.kind === 'estate' && (
            <QrButton label="公告栏二维码" path={`/gg/${place.id}`} title={`${place.name} 公告栏`} />
          )}
          {canSend && (
            <Button type="primary" onClick={() => setOpen(true)}>
              发布通知
            </Button>
          )}
        </Space>
      }
    >
      <Table
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        locale={{ emptyText: '暂无通知，可点“发布通知”' }}
        pagination={{
          current: page,
          total: list.data?.total,
          pageSize: 20,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 条`,
        }}
        columns={[
          {
            title: '标题',
            dataIndex: 'title',
            render: (t, r) => <Link to={`/notices/items/${r.id}`}>{t}</Link>,
          },
          {
            title: '类型',
            dataIndex: 'kind',
            render: (k: keyof typeof NOTICE_KINDS) => <Tag>{NOTICE_KINDS[k]}</Tag>,
          },
          { title: '发送对象', dataIndex: 'audienceLabel' },
          {
            title: '已读',
            render: (_, r) =>
              r.recipientCount === 0 ? (
                '—'
              ) : (
                <Progress
                  size="small"
                  percent={Math.round((r.readCount / r.recipientCount) * 100)}
                  format={() => `${r.readCount}/${r.recipientCount}`}
                />
              ),
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: keyof typeof NOTICE_STATUSES) => (
              <Tag color={s === 'published' ? 'green' : 'default'}>{NOTICE_STATUSES[s]}</Tag>
            ),
          },
          { title: '发布人', dataIndex: 'createdByName' },
          { title: '发布时间', dataIndex: 'publishedAt', render: formatDateTime },
        ]}
      />
      {open && <Compose onClose={() => setOpen(false)} />}
    </Card>
  );
}

interface ComposeValues {
  placeId: string;
  kind: NoticeInput['kind'];
  title: string;
  body: string;
  audienceKind: AudienceKind;
  placeIds?: string[];
  teamId?: string;
  roleCode?: string;
  userIds?: string[];
  channelIds?: string[];
  public: boolean;
  templateId?: string;
  values?: Record<string, string>;
}

const SEND_KINDS: string[] = ['street', 'community', 'estate'];

/** The QR code residents scan (printed at the unit door, posted to the owners' group). */
function QrButton({ label, path, title }: { label: string; path: string; title: string }) {
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
const TYPES: Record<string, NonNullable<NoticeInput['attachment']>['contentType']> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function Compose({ onClose }: { onClose: () => void }) {
  const { place } = useCurrentPlace();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<ComposeValues>();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [attachment, setAttachment] = useState<NoticeInput['attachment']>(null);
  const { roots } = useScopeRoots();
  const [chosen, setPlaceId] = useState<string | undefined>(
    place && SEND_KINDS.includes(place.kind) ? place.id : undefined,
  );
  // Someone whose whole scope is one estate (the committee) sends from there without choosing.
  const only = roots.length === 1 && SEND_KINDS.includes(roots[0].kind) ? roots[0].id : undefined;
  const placeId = chosen ?? only;
  const audienceKind = Form.useWatch('audienceKind', form);
  const title = Form.useWatch('title', form) ?? '';
  const body = Form.useWatch('body', form) ?? '';
  const options = useQuery({
    queryKey: ['notice-audience', placeId],
    queryFn: () => noticesApi.audience(placeId!),
    enabled: !!placeId,
  });
  const channels = useQuery({
    queryKey: ['notice-channels-for', placeId],
    queryFn: () => noticesApi.channels({ forPlaceId: placeId }),
    enabled: !!placeId,
  });
  const templates = useQuery({
    queryKey: ['notice-templates', placeId],
    queryFn: () => noticesApi.templates({ placeId }),
    enabled: !!placeId,
  });
  const own = placeholdersOf(`${title}\n${body}`).filter(
    (p) => !['小区', '日期', '星期', '发布人'].includes(p),
  );

  const toInput = (v: ComposeValues): NoticeInput => ({
    placeId: placeId!,
    kind: v.kind,
    title: v.title,
    body: v.body,
    public: v.public,
    templateId: v.templateId ?? null,
    channelIds: v.channelIds ?? [],
    values: Object.entries(v.values ?? {}).map(([name, value]) => ({ name, value: value ?? '' })),
    audience: {
      kind: v.audienceKind,
      placeIds: v.placeIds ?? [],
      teamId: v.teamId ?? null,
      roleCode: v.roleCode ?? null,
      userIds: v.userIds ?? [],
    },
  });
  const fail = (e: unknown) => {
    if (isApiError(e)) {
      message.error(e.message);
      form.setFields(
        Object.entries(e.fields ?? {}).map(([name, error]) => ({
          name: name.split('.').at(-1) as keyof ComposeValues,
          errors: [error],
        })),
      );
    } else message.error('操作失败');
  };
  const doPreview = useMutation({
    mutationFn: (v: ComposeValues) => noticesApi.preview(toInput(v)),
    onSuccess: setPreview,
    onError: fail,
  });
  const send = useMutation({
    mutationFn: (v: ComposeValues) => noticesApi.send({ ...toInput(v), attachment }),
    onSuccess: (r) => {
      message.success(`已发布，站内送达 ${r.recipientCount} 人`);
      qc.invalidateQueries({ queryKey: ['notices'] });
      onClose();
    },
    onError: fail,
  });

  return (
    <Drawer open width={720} title="发布通知" onClose={onClose} destroyOnHidden>
      <Form layout="vertical" component="div">
        <Form.Item
          label="发布单位"
          required
          extra="通知以所选街道、社区或小区的名义发布，发送对象也在其范围内"
        >
          <PlaceTreeSelect
            knownPlaces={[...(place ? [place] : []), ...roots]}
            value={placeId}
            onChange={(v) => {
              setPlaceId(v);
              setPreview(null);
            }}
            placeholder="选择街道、社区或小区"
            isDisabled={(p) => !SEND_KINDS.includes(p.kind)}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Form>
      {placeId && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'notice', audienceKind: 'place', public: true }}
          onFinish={(v) => send.mutate(v)}
        >
          <Form.Item label="模板" name="templateId">
            <Select
              allowClear
              placeholder="不用模板"
              options={templates.data?.items.map((t) => ({ value: t.id, label: t.name }))}
              onChange={(id) => {
                const t = templates.data?.items.find((x) => x.id === id);
                if (t) form.setFieldsValue({ title: t.title, body: t.body, kind: t.kind });
              }}
            />
          </Form.Item>
          <Form.Item label="类型" name="kind">
            <Select options={Object.entries(NOTICE_KINDS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="标题" name="title" rules={[{ required: true, message: '请填写标题' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            label="正文"
            name="body"
            rules={[{ required: true, message: '请填写正文' }]}
            extra="可用占位符：{{小区}} {{日期}} {{星期}} {{发布人}}"
          >
            <Input.TextArea rows={6} maxLength={5000} />
          </Form.Item>
          {own.map((p) => (
            <Form.Item
              key={p}
              label={`填写：${p}`}
              name={['values', p]}
              rules={[{ required: true, message: `请填写${p}` }]}
            >
              <Input />
            </Form.Item>
          ))}
          <Form.Item label="发送对象" name="audienceKind">
            <Select options={Object.entries(AUDIENCE_KINDS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          {audienceKind === 'buildings' && (
            <Form.Item label="楼栋" name="placeIds" rules={[{ required: true, message: '请选择楼栋' }]}>
              <Select
                mode="multiple"
                options={options.data?.buildings.map((b) => ({ value: b.id, label: b.name }))}
              />
            </Form.Item>
          )}
          {audienceKind === 'team' && (
            <Form.Item label="志愿者队伍" name="teamId" rules={[{ required: true, message: '请选择队伍' }]}>
              <Select
                options={options.data?.teams.map((t) => ({
                  value: t.id,
                  label: `${t.name}（${t.memberCount} 人）`,
                }))}
              />
            </Form.Item>
          )}
          {audienceKind === 'role' && (
            <Form.Item label="角色" name="roleCode" rules={[{ required: true, message: '请选择角色' }]}>
              <Select
                options={options.data?.roles.map((r) => ({
                  value: r.code,
                  label: `${r.name}（${r.count} 人）`,
                }))}
              />
            </Form.Item>
          )}
          {audienceKind === 'users' && (
            <Form.Item label="人员" name="userIds" rules={[{ required: true, message: '请选择人员' }]}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={options.data?.users.map((u) => ({
                  value: u.id,
                  label: `${u.name}（${u.roleName}）`,
                }))}
              />
            </Form.Item>
          )}
          <Form.Item
            label="同时推送到"
            name="channelIds"
            extra="企业微信、钉钉、飞书群机器人与短信，由后台任务发送，失败自动重试"
          >
            <Select
              mode="multiple"
              placeholder="仅站内通知"
              options={channels.data?.items
                .filter((c) => c.enabled)
                .map((c) => ({ value: c.id, label: `${c.name}（${c.placeName}）` }))}
            />
          </Form.Item>
          <Form.Item label="附件" extra="PDF、Word（.docx）或图片，不超过 5 MB">
            <Space>
              <input
                type="file"
                accept=".pdf,.docx,.jpg,.jpeg,.png"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (!file) return setAttachment(null);
                  if (file.size > NOTICE_ATTACHMENT_MAX_BYTES) {
                    message.error('附件不能超过 5 MB');
                    e.target.value = '';
                    return;
                  }
                  const type = TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''];
                  if (!type) return void message.error('附件只能是 PDF、Word（.docx）或图片');
                  setAttachment({ name: file.name, contentType: type, data: await toBase64(file) });
                }}
              />
            </Space>
          </Form.Item>
          <Form.Item label="在小区公告栏公开" name="public" valuePropName="checked">
            <Switch />
          </Form.Item>
          {preview && (
            <Card size="small" title={`预览：${preview.title}`} style={{ marginBottom: 16 }}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{preview.body}</Typography.Paragraph>
              <Typography.Text type="secondary">
                站内送达 {preview.recipientCount} 人
                {preview.channels.map((c) => `；${c.name} ${c.messages} 条`).join('')}
                {preview.missing.length > 0 && `；还有占位符未填写：${preview.missing.join('、')}`}
              </Typography.Text>
            </Card>
          )}
          <Space>
            <Button
              onClick={() => form.validateFields().then((v) => doPreview.mutate(v))}
              loading={doPreview.isPending}
            >
              预览
            </Button>
            <Button type="primary" htmlType="submit" loading={send.isPending}>
              发布
            </Button>
          </Space>
        </Form>
      )}
    </Drawer>
  );
}
