import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Table,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { EQUIPMENT_KINDS, EQUIPMENT_STATUSES, EXPIRING_DAYS } from '../../../shared/fire.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { useSaving, validValues } from '../../app/forms.js';
import { useCurrentPlace } from '../../app/place.js';
import { type EquipmentItem, fireApi, fireKeys } from './api.js';
import { ExpiryTag, opts } from './meta.js';

const EXPIRY = [
  { value: '', label: '全部' },
  { value: 'due', label: `${EXPIRING_DAYS}天内到期及已过期` },
  { value: 'expiring', label: '即将到期' },
  { value: 'expired', label: '已过期' },
];

export function EquipmentPage() {
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const { place } = useCurrentPlace();
  const [placeId, setPlaceId] = useState<string | undefined>(place?.id);
  const [kind, setKind] = useState<string>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const expiry = params.get('expiry') ?? '';
  const query = { placeId, kind, expiry: expiry || undefined, page, pageSize: 20 };
  const list = useQuery({ queryKey: fireKeys.equipment(query), queryFn: () => fireApi.equipment(query) });

  const columns: TableColumnsType<EquipmentItem> = [
    { title: '类型', dataIndex: 'kind', render: (k: keyof typeof EQUIPMENT_KINDS) => EQUIPMENT_KINDS[k] },
    { title: '小区', render: (_, r) => r.estate.name, responsive: ['md'] },
    { title: '位置', render: (_, r) => r.location || r.place.name },
    { title: '数量', dataIndex: 'quantity', width: 70 },
    {
      title: '有效期至',
      dataIndex: 'expiresOn',
      render: (v: string | null) => v ?? '—',
      className: 'anju-mono',
    },
    { title: '到期', render: (_, r) => <ExpiryTag expiry={r.expiry} daysLeft={r.daysLeft} /> },
    {
      title: '状态',
      dataIndex: 'status',
      render: (st: keyof typeof EQUIPMENT_STATUSES, r) =>
        can('fire.manage') ? (
          <Select
            size="small"
            value={st}
            style={{ width: 96 }}
            options={opts(EQUIPMENT_STATUSES)}
            onChange={async (next) => {
              try {
                await fireApi.updateEquipment(r.id, { status: next });
                message.success('已更新');
                await queryClient.invalidateQueries({ queryKey: ['fire', 'equipment'] });
              } catch (error) {
                message.error(errorMessage(error));
              }
            }}
          />
        ) : (
          EQUIPMENT_STATUSES[st]
        ),
    },
  ];

  return (
    <div>
      <PageHeader
        title="消防器材"
        description={`灭火器、消火栓、烟感、喷淋、应急照明；${EXPIRING_DAYS} 天内到期和已过期的及时更换`}
        extra={
          can('fire.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              登记器材
            </Button>
          )
        }
      />
      <Card className="anju-card anju-query-card">
        <Form layout="inline" className="anju-query-form">
          <Form.Item label="区域">
            <PlaceTreeSelect
              value={placeId}
              style={{ minWidth: 200 }}
              placeholder="全部区域"
              onChange={(v) => {
                setPlaceId(v);
                setPage(1);
              }}
            />
          </Form.Item>
          <Form.Item label="类型">
            <Select
              allowClear
              placeholder="全部类型"
              style={{ minWidth: 140 }}
              value={kind}
              options={opts(EQUIPMENT_KINDS)}
              onChange={(v) => {
                setKind(v);
                setPage(1);
              }}
            />
          </Form.Item>
          <Form.Item label="到期">
            <Segmented
              value={expiry}
              options={EXPIRY}
              onChange={(v) => {
                setPage(1);
                setParams(v ? { expiry: String(v) } : {});
              }}
            />
          </Form.Item>
        </Form>
      </Card>
      {list.isError && (
        <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
      )}
      <Card className="anju-card">
        <Table
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 条`,
            onChange: setPage,
          }}
        />
      </Card>
      {creating && <EquipmentModal onClose={() => setCreating(false)} />}
    </div>
  );
}

interface Values {
  placeId?: string;
  kind?: keyof typeof EQUIPMENT_KINDS;
  location?: string;
  quantity?: number;
  installedOn?: Dayjs | null;
  expiresOn?: Dayjs | null;
  note?: string;
}

function EquipmentModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return (
    <Modal
      open
      title="登记消防器材"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v?.placeId || !v.kind) return;
        await run(async () => {
          await fireApi.createEquipment({
            placeId: v.placeId!,
            kind: v.kind!,
            location: v.location?.trim() ?? '',
            quantity: v.quantity ?? 1,
            installedOn: v.installedOn?.format('YYYY-MM-DD') ?? null,
            expiresOn: v.expiresOn?.format('YYYY-MM-DD') ?? null,
            note: v.note?.trim() ?? '',
          });
          message.success('已登记');
          await queryClient.invalidateQueries({ queryKey: ['fire', 'equipment'] });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ quantity: 1 }}>
        <Form.Item
          name="placeId"
          label="所在地点（小区、楼栋或单元）"
          rules={[{ required: true, message: '请选择地点' }]}
        >
          <PlaceTreeSelect />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select options={opts(EQUIPMENT_KINDS)} />
        </Form.Item>
        <Form.Item name="location" label="具体位置">
          <Input maxLength={100} placeholder="如：3栋2单元5楼消防箱" />
        </Form.Item>
        <Form.Item name="quantity" label="数量">
          <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="installedOn" label="安装日期">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="expiresOn" label="有效期至">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
