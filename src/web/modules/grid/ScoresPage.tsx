import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Grid,
  InputNumber,
  List,
  Modal,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { SCORE_ITEM_KEYS, SCORE_ITEMS, type ScoreItem } from '../../../shared/grid.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../app/format.js';
import { gridApi, gridKeys, type ScoreRule, type Scores } from './api.js';
import { rate } from './meta.js';
import './grid.css';

type Row = Scores['items'][number];

/** 月考评: each worker's month from the records they kept, every figure a link to those records. */
export function ScoresPage() {
  const { can } = useAuth();
  const isMobile = Grid.useBreakpoint().md === false;
  const [search, setSearch] = useSearchParams();
  const placeId = search.get('placeId') || undefined;
  const month = search.get('month') || dayjs().format('YYYY-MM');
  const [editing, setEditing] = useState(false);
  const set = (next: Record<string, string | undefined>) => {
    const out = new URLSearchParams(search);
    for (const [k, v] of Object.entries(next)) v ? out.set(k, v) : out.delete(k);
    setSearch(out);
  };
  const query = { placeId, month };
  const scores = useQuery({ queryKey: gridKeys.scores(query), queryFn: () => gridApi.scores(query) });
  const data = scores.data;

  const columns: TableColumnsType<Row> = [
    { title: '网格员', dataIndex: 'name', width: 90, fixed: 'left' },
    { title: '网格', dataIndex: 'grids', render: (g: string[]) => g.join('、'), width: 160 },
    {
      title: '有效走访',
      width: 110,
      render: (_, r) => (
        <Link to={r.links.diary}>
          {r.visits} 次<Typography.Text type="secondary">（共记 {r.diaryEntries}）</Typography.Text>
        </Link>
      ),
    },
    {
      title: '入户覆盖',
      width: 120,
      render: (_, r) => `${rate(r.coverage)}（${r.households}/${r.householdTotal} 户）`,
    },
    {
      title: '有效上报',
      width: 110,
      render: (_, r) => (
        <Link to={r.links.reported}>
          {r.reported} 件{r.reportedAll > r.reported ? `（重复 ${r.reportedAll - r.reported}）` : ''}
        </Link>
      ),
    },
    {
      title: '按期办结',
      width: 110,
      render: (_, r) => <Link to={r.links.closed}>{`${rate(r.onTimeRate)}（${r.closed} 件）`}</Link>,
    },
    { title: '满意率', width: 100, render: (_, r) => `${rate(r.satisfactionRate)}（${r.rated} 评）` },
    {
      title: '得分',
      dataIndex: 'score',
      width: 80,
      fixed: 'right',
      render: (s: number) => <Tag color={s >= 80 ? 'green' : s >= 60 ? 'blue' : 'orange'}>{s}</Tag>,
    },
  ];

  return (
    <div>
      <PageHeader
        title="月考评"
        description="按网格员自己记录的走访、上报、办结和居民评价计分；重复和敷衍的记录不计分"
      />
      <Card className="anju-card anju-query-card">
        <Form layout={isMobile ? 'vertical' : 'inline'} className="anju-query-form">
          <Form.Item label="区域">
            <PlaceTreeSelect
              value={placeId}
              style={{ minWidth: 200 }}
              placeholder="我管辖的全部区域"
              onChange={(v) => set({ placeId: v })}
            />
          </Form.Item>
          <Form.Item label="月份">
            <DatePicker
              picker="month"
              allowClear={false}
              value={dayjs(`${month}-01`)}
              onChange={(d) => d && set({ month: (d as Dayjs).format('YYYY-MM') })}
            />
          </Form.Item>
        </Form>
      </Card>

      {data && <RuleCard rule={data.rule} canEdit={can('grid.manage')} onEdit={() => setEditing(true)} />}

      <Card className="anju-card" title={`${month} 考评结果`}>
        {scores.isError ? (
          <Alert type="error" showIcon message={errorMessage(scores.error)} />
        ) : isMobile ? (
          <List
            loading={scores.isLoading}
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty description="本区域暂无网格员" /> }}
            renderItem={(r) => (
              <List.Item data-testid="score-row">
                <Descriptions
                  size="small"
                  column={1}
                  title={
                    <Space>
                      {r.name}
                      <Tag color={r.score >= 80 ? 'green' : r.score >= 60 ? 'blue' : 'orange'}>
                        {r.score} 分
                      </Tag>
                    </Space>
                  }
                >
                  <Descriptions.Item label="网格">{r.grids.join('、')}</Descriptions.Item>
                  <Descriptions.Item label="有效走访">
                    <Link to={r.links.diary}>{r.visits} 次</Link>
                  </Descriptions.Item>
                  <Descriptions.Item label="入户覆盖">{rate(r.coverage)}</Descriptions.Item>
                  <Descriptions.Item label="有效上报">
                    <Link to={r.links.reported}>{r.reported} 件</Link>
                  </Descriptions.Item>
                  <Descriptions.Item label="按期办结">
                    <Link to={r.links.closed}>{rate(r.onTimeRate)}</Link>
                  </Descriptions.Item>
                  <Descriptions.Item label="满意率">{rate(r.satisfactionRate)}</Descriptions.Item>
                </Descriptions>
              </List.Item>
            )}
          />
        ) : (
          <Table<Row>
            rowKey="userId"
            size="middle"
            loading={scores.isLoading}
            columns={columns}
            dataSource={data?.items ?? []}
            pagination={false}
            scroll={{ x: 900 }}
            onRow={() => ({ 'data-testid': 'score-row' }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty description="本区域暂无网格员" /> }}
          />
        )}
      </Card>
      {editing && data && <RuleDialog rule={data.rule} placeId={placeId} onClose={() => setEditing(false)} />}
    </div>
  );
}

function RuleCard({ rule, canEdit, onEdit }: { rule: ScoreRule; canEdit: boolean; onEdit: () => void }) {
  return (
    <Card
      className="anju-card"
      size="small"
      title={`计分规则（${rule.placeName ? `${rule.placeName}制定` : '系统默认'}）`}
      extra={canEdit && <Button onClick={onEdit}>调整规则</Button>}
    >
      <Space wrap size={[16, 4]}>
        {SCORE_ITEM_KEYS.map((k) => (
          <span key={k}>
            {SCORE_ITEMS[k].label} <b>{rule.items[k].weight}</b> 分，目标{' '}
            {SCORE_ITEMS[k].kind === 'rate'
              ? `${Math.round(rule.items[k].target * 100)}%`
              : `${rule.items[k].target} ${SCORE_ITEMS[k].unit}`}
          </span>
        ))}
      </Space>
    </Card>
  );
}

function RuleDialog({ rule, placeId, onClose }: { rule: ScoreRule; placeId?: string; onClose: () => void }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [place, setPlace] = useState<string | undefined>(placeId ?? rule.placeId ?? undefined);
  const save = useMutation({
    mutationFn: (items: Record<ScoreItem, { weight: number; target: number }>) =>
      gridApi.setScoreRule({ placeId: place!, items }),
    onSuccess: () => {
      message.success('计分规则已保存');
      client.invalidateQueries({ queryKey: ['grid', 'scores'] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const initial = Object.fromEntries(
    SCORE_ITEM_KEYS.map((k) => [
      k,
      {
        weight: rule.items[k].weight,
        target:
          SCORE_ITEMS[k].kind === 'rate' ? Math.round(rule.items[k].target * 100) : rule.items[k].target,
      },
    ]),
  );
  return (
    <Modal
      open
      title="调整月考评计分规则"
      okText="保存"
      onCancel={onClose}
      confirmLoading={save.isPending}
      onOk={() =>
        form.validateFields().then((v: Record<ScoreItem, { weight: number; target: number }>) => {
          if (!place) return message.error('请选择规则适用的区域');
          const total = SCORE_ITEM_KEYS.reduce((s, k) => s + v[k].weight, 0);
          if (Math.abs(total - 100) > 1e-9) return message.error(`各项权重之和应为 100，现在是 ${total}`);
          save.mutate(
            Object.fromEntries(
              SCORE_ITEM_KEYS.map((k) => [
                k,
                {
                  weight: v[k].weight,
                  target: SCORE_ITEMS[k].kind === 'rate' ? v[k].target / 100 : v[k].target,
                },
              ]),
            ) as Record<ScoreItem, { weight: number; target: number }>,
          );
        })
      }
    >
      <Form form={form} layout="vertical" initialValues={initial}>
        <Form.Item label="适用区域" required>
          <PlaceTreeSelect value={place} onChange={setPlace} placeholder="街道或社区" />
        </Form.Item>
        {SCORE_ITEM_KEYS.map((k) => (
          <Space key={k} align="end" wrap>
            <Form.Item
              name={[k, 'weight']}
              label={`${SCORE_ITEMS[k].label} 权重`}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Form.Item
              name={[k, 'target']}
              label={`目标（${SCORE_ITEMS[k].kind === 'rate' ? '%' : SCORE_ITEMS[k].unit}）`}
              rules={[{ required: true }]}
            >
              <InputNumber
                min={SCORE_ITEMS[k].kind === 'rate' ? 1 : 1}
                max={SCORE_ITEMS[k].kind === 'rate' ? 100 : 100000}
              />
            </Form.Item>
          </Space>
        ))}
      </Form>
    </Modal>
  );
}
