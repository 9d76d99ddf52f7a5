import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Form, Row, Statistic, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../app/format.js';
import { mediationApi, mediationKeys, type Stats } from './api.js';
import './mediation.css';

type Bucket = Stats['total'];
const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
const COLUMNS: TableColumnsType<Bucket> = [
  { title: '', dataIndex: 'label' },
  { title: '案件', dataIndex: 'total', width: 70, align: 'right' },
  { title: '调解成功', dataIndex: 'agreed', width: 90, align: 'right' },
  { title: '调解不成', dataIndex: 'failed', width: 90, align: 'right' },
  { title: '在办', dataIndex: 'open', width: 70, align: 'right' },
  { title: '成功率', dataIndex: 'successRate', width: 80, align: 'right', render: pct },
  {
    title: '平均用时（天）',
    dataIndex: 'meanDays',
    width: 120,
    align: 'right',
    render: (v: number | null) => v ?? '—',
  },
  { title: '超一个月', dataIndex: 'overNorm', width: 90, align: 'right' },
];

/** 调解统计: by level, category, outcome and source, with the success rate and the time taken. */
export function StatsPage() {
  const [range, setRange] = useState<[string, string]>([
    dayjs().subtract(11, 'month').startOf('month').format('YYYY-MM-DD'),
    dayjs().format('YYYY-MM-DD'),
  ]);
  const [placeId, setPlaceId] = useState<string | undefined>();
  const query = { from: range[0], to: range[1], placeId };
  const q = useQuery({ queryKey: mediationKeys.stats(query), queryFn: () => mediationApi.stats(query) });
  const s = q.data;
  return (
    <div>
      <PageHeader
        title="调解统计"
        description="按登记日期统计；成功率 = 达成协议 ÷（达成协议 + 调解不成）；调解一般应在一个月内完成"
      />
      <Card className="anju-card anju-query-card">
        <Form layout="inline" className="anju-query-form">
          <Form.Item label="登记日期">
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(range[0]), dayjs(range[1])]}
              onChange={(v) =>
                v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])
              }
            />
          </Form.Item>
          <Form.Item label="地点">
            <PlaceTreeSelect
              value={placeId}
              onChange={(v: string | undefined) => setPlaceId(v)}
              style={{ width: 220 }}
            />
          </Form.Item>
        </Form>
      </Card>
      <Row gutter={16}>
        {[
          ['受理案件', s?.total.total, '件'],
          ['调解成功', s?.total.agreed, '件'],
          ['成功率', s?.total.successRate, '%'],
          ['平均用时', s?.total.meanDays, '天'],
          ['超过一个月', s?.total.overNorm, '件'],
        ].map(([title, value, suffix]) => (
          <Col xs={12} md={8} xl={4} key={title as string}>
            <Card className="anju-card" loading={q.isLoading}>
              <Statistic
                title={title}
                value={(value as number | null | undefined) ?? '—'}
                suffix={value === null ? undefined : suffix}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card className="anju-card" title="按层级（小事不出小区、大事不出社区）">
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          loading={q.isLoading}
          columns={COLUMNS}
          dataSource={s?.byLevel ?? []}
          scroll={{ x: 640 }}
        />
        {s && (
          <p style={{ marginTop: 8, marginBottom: 0 }}>
            各层级平均停留：{s.daysAtLevel.map((d) => `${d.label} ${d.meanDays ?? '—'} 天`).join('，')}
          </p>
        )}
      </Card>
      <Card className="anju-card" title="按纠纷类别">
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          loading={q.isLoading}
          columns={COLUMNS}
          dataSource={s?.byCategory ?? []}
          scroll={{ x: 640 }}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Card className="anju-card" title="按结果">
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={s?.byOutcome ?? []}
              columns={[
                { title: '结果', dataIndex: 'label' },
                { title: '件数', dataIndex: 'count', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card className="anju-card" title="按来源">
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={s?.bySource ?? []}
              columns={[
                { title: '来源', dataIndex: 'label' },
                { title: '件数', dataIndex: 'count', align: 'right' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
