import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Switch, Table } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LEGAL_KINDS, LEGAL_STATUSES, type LegalKind } from '../../../shared/legal.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { formatDateTime } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { type LegalRequestList, legalApi, legalKeys } from './api.js';
import { KindTag, opts, StatusTag } from './meta.js';

type Row = LegalRequestList['items'][number];

/** 法律服务: consultations, legal aid, labour rights and litigation guidance, from the web and the desk. */
export function RequestsPage() {
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const query = {
    placeId: params.get('placeId') ?? undefined,
    kind: params.get('kind') ?? undefined,
    status: params.get('status') ?? undefined,
    q: params.get('q') ?? undefined,
    mine: params.get('mine') ?? undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 20),
  };
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const list = useQuery({ queryKey: legalKeys.requests(query), queryFn: () => legalApi.requests(query) });

  return (
    <div>
      <PageHeader
        title="法律服务"
        description="法律咨询、法律援助、劳动维权与便民诉讼指引：居民在线申请或窗口登记，指派法律顾问答复"
        extra={
          can('legal.work') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              窗口登记
            </Button>
          )
        }
      />
      <Card className="anju-card anju-query-card">
        <Form layout="inline" className="anju-query-form">
          <Form.Item label="区域">
            <PlaceTreeSelect
              value={query.placeId}
              style={{ minWidth: 200 }}
              placeholder="全部区域"
              onChange={(v) => set({ placeId: v })}
            />
          </Form.Item>
          <Form.Item label="类型">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 140 }}
              value={query.kind}
              options={opts(LEGAL_KINDS)}
              onChange={(v) => set({ kind: v })}
            />
          </Form.Item>
          <Form.Item label="状态">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 120 }}
              value={query.status}
              options={opts(LEGAL_STATUSES)}
              onChange={(v) => set({ status: v })}
            />
          </Form.Item>
          <Form.Item label="关键词">
            <Input.Search
              allowClear
              defaultValue={query.q}
              maxLength={50}
              placeholder="受理编号、事项"
              onSearch={(v) => set({ q: v.trim() || undefined })}
            />
          </Form.Item>
          {can('legal.work') && (
            <Form.Item label="只看指派给我的">
              <Switch
                checked={query.mine === 'true'}
                onChange={(v) => set({ mine: v ? 'true' : undefined })}
              />
            </Form.Item>
          )}
        </Form>
      </Card>
      {list.isError && (
        <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
      )}
      <Card className="anju-card">
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 900 }}
          locale={{ emptyText: can('legal.work') ? '暂无申请，可点击「窗口登记」' : '暂无申请' }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total,
            showTotal: (n) => `共 ${n} 件`,
            onChange: (page, pageSize) => set({ page: String(page), pageSize: String(pageSize) }),
          }}
          columns={[
            {
              title: '受理编号',
              dataIndex: 'trackingNo',
              render: (no: string, r) => <Link to={`/legal/requests/${r.id}`}>{no}</Link>,
            },
            { title: '类型', dataIndex: 'kind', render: (k: LegalKind) => <KindTag kind={k} /> },
            { title: '事项', dataIndex: 'subject', ellipsis: true },
            { title: '地点', dataIndex: 'placeName' },
            { title: '申请人', render: (_, r) => `${r.nameMasked} ${r.phoneMasked ?? ''}` },
            { title: '法律顾问', dataIndex: 'advisorName', render: (v: string | null) => v ?? '—' },
            { title: '状态', dataIndex: 'status', render: (s: Row['status']) => <StatusTag status={s} /> },
            { title: '评价', dataIndex: 'rating', render: (v: number | null) => (v ? `${v} 星` : '—') },
            { title: '申请时间', dataIndex: 'createdAt', render: formatDateTime },
            {
              title: '操作',
              fixed: 'right',
              render: (_, r) => <Link to={`/legal/requests/${r.id}`}>查看</Link>,
            },
          ]}
        />
      </Card>
      {creating && <DeskModal onClose={() => setCreating(false)} />}
    </div>
  );
}

interface DeskValues {
  placeId?: string;
  kind?: LegalKind;
  subject?: string;
  description?: string;
  name?: string;
  phone?: string;
}

function DeskModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<DeskValues>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return (
    <Modal
      open
      title="窗口登记法律服务申请"
      okText="登记"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        await run(async () => {
          const r = await legalApi.createRequest({
            placeId: v.placeId!,
            kind: v.kind!,
            subject: v.subject ?? '',
            description: v.description ?? '',
            name: v.name ?? '',
            phone: v.phone ?? '',
          });
          message.success(`已登记，受理编号 ${r.trackingNo}`);
          await queryClient.invalidateQueries({ queryKey: ['legal', 'requests'] });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'consult' }}>
        <Form.Item name="placeId" label="所在小区" rules={[{ required: true, message: '请选择小区' }]}>
          <PlaceTreeSelect placeholder="选择小区或楼栋" />
        </Form.Item>
        <Form.Item name="kind" label="服务类型" rules={[{ required: true, message: '请选择服务类型' }]}>
          <Select options={opts(LEGAL_KINDS)} />
        </Form.Item>
        <Form.Item
          name="subject"
          label="事项"
          rules={[{ required: true, whitespace: true, message: '请填写事项' }]}
        >
          <Input maxLength={60} placeholder="如：工地拖欠工资" />
        </Form.Item>
        <Form.Item
          name="description"
          label="具体情况"
          rules={[{ required: true, whitespace: true, message: '请填写具体情况' }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item
          name="name"
          label="申请人姓名"
          rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="phone"
          label="手机号"
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号' }]}
        >
          <Input maxLength={11} inputMode="numeric" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
