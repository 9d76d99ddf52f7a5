import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { HAZARD_LEVELS, HAZARD_SOURCES, HAZARD_STATUSES } from '../../../shared/fire.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { formatDateTime } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { useCurrentPlace } from '../../app/place.js';
import type { PhotoData } from '../grid/meta.js';
import { PhotoPicker } from '../grid/PhotoPicker.js';
import { fireApi, fireKeys, type HazardBrief } from './api.js';
import { HazardStatusTag, opts } from './meta.js';
import './fire.css';

const STATUS_FILTER = [
  { value: 'open', label: '未销号' },
  { value: 'overdue', label: '逾期' },
  ...Object.entries(HAZARD_STATUSES).map(([value, label]) => ({ value, label })),
  { value: '', label: '全部' },
];

export function HazardsPage() {
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const { place } = useCurrentPlace();
  const [placeId, setPlaceId] = useState<string | undefined>(place?.id);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const filter = params.get('status') ?? 'open';
  const query = {
    placeId,
    status: filter === 'overdue' || filter === '' ? undefined : filter,
    overdue: filter === 'overdue' ? 'true' : undefined,
    page,
    pageSize: 20,
  };
  const list = useQuery({ queryKey: fireKeys.hazards(query), queryFn: () => fireApi.hazards(query) });
  const columns: TableColumnsType<HazardBrief> = [
    {
      title: '隐患',
      render: (_, r) => (
        <Link to={`/fire/hazards/${r.id}`}>
          {r.title}
          {r.level === 'major' && (
            <Tag color="red" style={{ marginLeft: 6 }}>
              重大
            </Tag>
          )}
        </Link>
      ),
    },
    { title: '位置', render: (_, r) => r.location || r.place.name, responsive: ['md'] },
    { title: '小区', render: (_, r) => r.estate.name, responsive: ['lg'] },
    { title: '状态', render: (_, r) => <HazardStatusTag status={r.status} /> },
    { title: '责任方', dataIndex: 'responsible', render: (v: string | null) => v ?? '—', responsive: ['sm'] },
    {
      title: '整改期限',
      render: (_, r) =>
        r.deadline ? (
          <span className={r.overdue ? 'anju-fire-fail' : undefined}>
            {r.deadline}
            {r.overdue && ' 已逾期'}
            {r.escalated && (
              <Tag color="volcano" style={{ marginLeft: 6 }}>
                已升级
              </Tag>
            )}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: '来源',
      dataIndex: 'source',
      render: (s: keyof typeof HAZARD_SOURCES) => HAZARD_SOURCES[s],
      responsive: ['lg'],
    },
    { title: '发现时间', dataIndex: 'createdAt', render: formatDateTime, responsive: ['lg'] },
  ];
  return (
    <div>
      <PageHeader
        title="火灾隐患"
        description="发现 → 整改 → 复查 → 销号；逾期未整改的每天自动升级到社区"
        extra={
          can('fire.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              登记隐患
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
          <Form.Item label="状态">
            <Segmented
              value={filter}
              options={STATUS_FILTER}
              onChange={(v) => {
                setPage(1);
                setParams({ status: String(v) });
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
      {creating && <HazardModal onClose={() => setCreating(false)} />}
    </div>
  );
}

interface Values {
  placeId?: string;
  title?: string;
  location?: string;
  description?: string;
  level?: keyof typeof HAZARD_LEVELS;
  source?: keyof typeof HAZARD_SOURCES;
  photos?: PhotoData[];
}

function HazardModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <Modal
      open
      title="登记火灾隐患"
      okText="登记"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v?.placeId || !v.title) return;
        await run(async () => {
          const { id } = await fireApi.reportHazard({
            placeId: v.placeId!,
            title: v.title!.trim(),
            location: v.location?.trim() ?? '',
            description: v.description?.trim() ?? '',
            level: v.level ?? 'general',
            source: v.source ?? 'patrol',
            photos: v.photos ?? [],
          });
          message.success('已登记');
          await queryClient.invalidateQueries({ queryKey: ['fire', 'hazards'] });
          navigate(`/fire/hazards/${id}`);
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ level: 'general', source: 'patrol' }}>
        <Form.Item
          name="placeId"
          label="地点（小区、楼栋或单元）"
          rules={[{ required: true, message: '请选择地点' }]}
        >
          <PlaceTreeSelect />
        </Form.Item>
        <Form.Item
          name="title"
          label="隐患"
          rules={[{ required: true, whitespace: true, message: '请填写隐患' }]}
        >
          <Input maxLength={100} placeholder="如：楼道堆放杂物" />
        </Form.Item>
        <Form.Item name="location" label="具体位置">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label="情况说明">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="level" label="等级">
          <Select options={opts(HAZARD_LEVELS)} />
        </Form.Item>
        <Form.Item name="source" label="来源">
          <Select options={opts(HAZARD_SOURCES)} />
        </Form.Item>
        <Form.Item name="photos" label="整改前照片">
          <PhotoPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
