import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, DatePicker, Empty, Form, Grid, Row, Spin, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router';
import { EVENT_CATEGORIES } from '../../../shared/grid.js';
import { errorMessage } from '../../app/api.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../app/format.js';
import { gridApi, gridKeys, type Metrics } from './api.js';
import { Chart, FONT } from './Chart.js';
import { rate } from './meta.js';
import './grid.css';

const TITLE = {
  left: 0,
  top: 0,
  textStyle: { fontSize: 14, fontWeight: 600 as const, color: 'rgba(0,0,0,0.85)' },
};
const AXIS = { axisLabel: { color: '#8c8c8c' }, splitLine: { lineStyle: { color: '#eef0f3' } } };

export function MetricsPage() {
  const isMobile = Grid.useBreakpoint().md === false;
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const placeId = search.get('placeId') || undefined;
  const from = search.get('from') || dayjs().startOf('year').format('YYYY-MM-DD');
  const to = search.get('to') || dayjs().format('YYYY-MM-DD');
  const set = (next: Record<string, string | undefined>) => {
    const out = new URLSearchParams(search);
    for (const [k, v] of Object.entries(next)) v ? out.set(k, v) : out.delete(k);
    setSearch(out);
  };
  const query = { placeId, from, to };
  const metrics = useQuery({ queryKey: gridKeys.metrics(query), queryFn: () => gridApi.metrics(query) });
  const m: Metrics | undefined = metrics.data;
  const categoryCodes = Object.keys(EVENT_CATEGORIES);

  const cards: { label: string; value: string; hint: string }[] = m
    ? [
        { label: '受理量', value: `${m.received}`, hint: `件 · 已办结 ${m.closed} 件` },
        { label: '响应率', value: rate(m.responseRate), hint: `24 小时内签收 ${m.signedWithin24h} 件` },
        { label: '按期办结率', value: rate(m.onTimeRate), hint: '期限内办结 / 已办结' },
        { label: '解决率', value: rate(m.resolutionRate), hint: '居民确认已解决' },
        { label: '满意率', value: rate(m.satisfactionRate), hint: '4–5 星 / 已评价' },
        {
          label: '平均办结时长',
          value: m.meanHoursToClose === null ? '—' : m.meanHoursToClose.toFixed(1),
          hint: '小时',
        },
      ]
    : [];

  return (
    <div>
      <PageHeader title="三率统计" description="事件的响应率、按期办结率、满意率与办理量" />
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
          <Form.Item label="日期">
            <DatePicker.RangePicker
              allowClear={false}
              style={{ maxWidth: '100%' }}
              value={[dayjs(from), dayjs(to)]}
              onChange={(r) =>
                r?.[0] &&
                r[1] &&
                set({ from: (r[0] as Dayjs).format('YYYY-MM-DD'), to: (r[1] as Dayjs).format('YYYY-MM-DD') })
              }
            />
          </Form.Item>
        </Form>
      </Card>
      {metrics.isError && (
        <Alert type="error" showIcon title={errorMessage(metrics.error)} className="anju-block-gap" />
      )}
      <Spin spinning={metrics.isFetching}>
        <div className="anju-grid-stats" data-testid="metric-cards">
          {cards.map((c) => (
            <div className="anju-grid-stat" key={c.label}>
              <span className="anju-grid-stat-label">{c.label}</span>
              <span className="anju-grid-stat-value">{c.value}</span>
              <span className="anju-grid-stat-hint">{c.hint}</span>
            </div>
          ))}
        </div>
        {m && m.received === 0 ? (
          <Card className="anju-card">
            <Empty description="所选区域和日期内没有事件" />
          </Card>
        ) : (
          m && (
            <>
              <Row gutter={16}>
                <Col xs={24} lg={12}>
                  <Card className="anju-card">
                    <Chart
                      testId="chart-category"
                      onPick={(i) => {
                        const code = m.byCategory[i]?.category;
                        if (code && categoryCodes.includes(code))
                          navigate(
                            `/grid/events?category=${code}&from=${from}&to=${to}${placeId ? `&placeId=${placeId}` : ''}`,
                          );
                      }}
                      option={{
                        textStyle: { fontFamily: FONT },
                        title: { text: '按类别（件）', ...TITLE },
                        aria: { enabled: true },
                        tooltip: { trigger: 'item', formatter: '{b}：{c} 件<br/>点击查看事件' },
                        grid: { left: 8, right: 40, top: 40, bottom: 8, containLabel: true },
                        xAxis: { type: 'value', name: '件', minInterval: 1, ...AXIS },
                        yAxis: {
                          type: 'category',
                          inverse: true,
                          data: m.byCategory.map((c) => c.label),
                          axisTick: { show: false },
                        },
                        series: [
                          {
                            type: 'bar',
                            barMaxWidth: 18,
                            cursor: 'pointer',
                            itemStyle: { color: '#1f5fbf', borderRadius: [0, 4, 4, 0] },
                            label: { show: true, position: 'right' },
                            data: m.byCategory.map((c) => c.count),
                          },
                        ],
                      }}
                    />
                  </Card>
                </Col>
                <Col xs={24} lg={12}>
                  <Card className="anju-card">
                    <Chart
                      testId="chart-month"
                      option={{
                        textStyle: { fontFamily: FONT },
                        title: { text: '按月受理与办结（件）', ...TITLE },
                        aria: { enabled: true },
                        legend: { top: 0, right: 0 },
                        tooltip: { trigger: 'axis' },
                        grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
                        xAxis: {
                          type: 'category',
                          data: m.byMonth.map((x) => x.month),
                          axisTick: { show: false },
                        },
                        yAxis: { type: 'value', name: '件', minInterval: 1, ...AXIS },
                        series: [
                          {
                            type: 'line',
                            name: '受理',
                            data: m.byMonth.map((x) => x.received),
                            itemStyle: { color: '#1f5fbf' },
                          },
                          {
                            type: 'line',
                            name: '办结',
                            data: m.byMonth.map((x) => x.closed),
                            itemStyle: { color: '#389e0d' },
                          },
                        ],
                      }}
                    />
                  </Card>
                </Col>
              </Row>
              <Card className="anju-card" title="按下级区域">
                <Table
                  rowKey="placeId"
                  size="middle"
                  pagination={false}
                  dataSource={m.byChild}
                  scroll={{ x: 480 }}
                  locale={{ emptyText: <Empty description="所选区域没有下级区域" /> }}
                  columns={[
                    { title: '区域', dataIndex: 'name' },
                    { title: '受理量（件）', dataIndex: 'received', align: 'right', width: 120 },
                    {
                      title: '按期办结率',
                      dataIndex: 'onTimeRate',
                      align: 'right',
                      width: 120,
                      render: rate,
                    },
                    {
                      title: '满意率',
                      dataIndex: 'satisfactionRate',
                      align: 'right',
                      width: 100,
                      render: rate,
                    },
                  ]}
                />
              </Card>
            </>
          )
        )}
      </Spin>
    </div>
  );
}
