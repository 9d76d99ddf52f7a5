import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Select,
  Spin,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { CAMPAIGN_KINDS } from '../../../shared/grid.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { useSaving, validValues } from '../../app/forms.js';
import { type Campaign, type CampaignInput, gridApi, gridKeys } from './api.js';
import { opts } from './meta.js';
import './grid.css';

export function CampaignsPage() {
  const { can } = useAuth();
  const [placeId, setPlaceId] = useState<string>();
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: gridKeys.campaigns({ placeId }),
    queryFn: () => gridApi.campaigns({ placeId }),
  });
  const items = list.data?.items ?? [];

  return (
    <div>
      <PageHeader
        title="专项行动"
        description="矛盾纠纷大排查、治安整治、环境整顿等专项行动的进度"
        extra={
          can('grid.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              发起专项行动
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
              onChange={setPlaceId}
            />
          </Form.Item>
        </Form>
      </Card>
      {list.isError && (
        <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
      )}
      <Spin spinning={list.isFetching}>
        {list.data && items.length === 0 ? (
          <Card className="anju-card">
            <Empty description={`暂无专项行动${can('grid.manage') ? '，可点击「发起专项行动」' : ''}`} />
          </Card>
        ) : (
          <div className="anju-grid-diary-list">
            {items.map((c) => (
              <CampaignCard key={c.id} c={c} />
            ))}
          </div>
        )}
      </Spin>
      {creating && <CampaignModal onClose={() => setCreating(false)} />}
    </div>
  );
}

function CampaignCard({ c }: { c: Campaign }) {
  const target = c.targetCount ?? 0;
  const closedPct = c.events > 0 ? Math.round((c.closed / c.events) * 100) : 0;
  const targetPct = target > 0 ? Math.min(100, Math.round((c.events / target) * 100)) : null;
  return (
    <Card size="small" className="anju-grid-diary-card" data-testid="campaign-card">
      <div className="anju-rg-card-head">
        <span className="anju-rg-card-title">{c.name}</span>
        {c.active ? <Tag color="processing">进行中</Tag> : <Tag>已结束</Tag>}
      </div>
      <div className="anju-grid-meta">
        <span>{CAMPAIGN_KINDS[c.kind]}</span>
        <span>{c.placeName}</span>
        <span className="anju-mono">
          {c.startsOn} 至 {c.endsOn}
        </span>
      </div>
      {c.goals && (
        <Typography.Paragraph className="anju-grid-text" ellipsis={{ rows: 3, expandable: true }}>
          {c.goals}
        </Typography.Paragraph>
      )}
      <div>
        <Link to={`/grid/events?campaignId=${c.id}`}>
          事件 {c.events} 件，已办结 {c.closed} 件{target > 0 ? `，目标 ${target} 件` : ''}
        </Link>
      </div>
      <div>
        <Typography.Text type="secondary">办结率</Typography.Text>
        <Progress percent={closedPct} size="small" status={c.active ? 'active' : 'normal'} />
      </div>
      {targetPct !== null && (
        <div>
          <Typography.Text type="secondary">目标完成</Typography.Text>
          <Progress percent={targetPct} size="small" strokeColor="#389e0d" />
        </div>
      )}
    </Card>
  );
}

interface Values {
  placeId?: string;
  kind?: CampaignInput['kind'];
  name?: string;
  range?: [Dayjs, Dayjs];
  goals?: string;
  targetCount?: number | null;
}

function CampaignModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return (
    <Modal
      open
      title="发起专项行动"
      okText="发起"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v?.placeId || !v.kind || !v.range) return;
        await run(async () => {
          await gridApi.createCampaign({
            placeId: v.placeId!,
            kind: v.kind!,
            name: v.name?.trim() ?? '',
            startsOn: v.range![0].format('YYYY-MM-DD'),
            endsOn: v.range![1].format('YYYY-MM-DD'),
            goals: v.goals?.trim() ?? '',
            targetCount: v.targetCount ?? null,
          });
          message.success('已发起');
          await queryClient.invalidateQueries({ queryKey: ['grid', 'campaigns'] });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="placeId" label="区域" rules={[{ required: true, message: '请选择区域' }]}>
          <PlaceTreeSelect />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择专项行动类型' }]}>
          <Select options={opts(CAMPAIGN_KINDS)} />
        </Form.Item>
        <Form.Item
          name="name"
          label="行动名称"
          rules={[{ required: true, whitespace: true, message: '请填写行动名称' }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="range" label="起止日期" rules={[{ required: true, message: '请选择起止日期' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="targetCount" label="目标件数（可不填）">
          <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="goals" label="工作目标">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
