import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, DatePicker, Row, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { LEGAL_KINDS, type LegalKind } from '../../../shared/legal.js';
import { errorMessage } from '../../app/api.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../app/format.js';
import { legalApi, legalKeys } from './api.js';
import { shanghaiToday } from './meta.js';

const KINDS = Object.keys(LEGAL_KINDS) as LegalKind[];

/** 服务台账: requests by kind, month and place — 法律援助 5 起, 劳动维权 2 件 as the reports say. */
export function StatsPage() {
  const [placeId, setPlaceId] = useState<string>();
  const [range, setRange] = useState<[string, string]>([
    `${shanghaiToday().slice(0, 4)}-01-01`,
    shanghaiToday(),
  ]);
  const q = { placeId, from: range[0], to: range[1] };
  const stats = useQuery({ queryKey: legalKeys.stats(q), queryFn: () => legalApi.stats(q) });
  const d = stats.data;
  const kindColumns = KINDS.map((k) => ({
    title: LEGAL_KINDS[k],
    render: (_: unknown, r: { counts: Record<LegalKind, number> }) => r.counts[k],
  }));
  return (
    <div>
      <PageHeader title="服务统计" description="法律服务台账：按服务类型、月份和小区统计受理数量" />
      <Card className="anju-card anju-query-card">
        <Space wrap>
          <PlaceTreeSelect
            value={placeId}
            style={{ minWidth: 200 }}
            placeholder="全部区域"
            onChange={setPlaceId}
          />
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(range[0]), dayjs(range[1])]}
            onChange={(v) =>
              v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])
            }
          />
        </Space>
      </Card>
      {stats.isError && (
        <Alert type="error" showIcon title={errorMessage(stats.error)} className="anju-block-gap" />
      )}
      {d && (
        <>
          <Card className="anju-card">
            <Row gutter={16}>
              {d.byKind.map((k) => (
                <Col key={k.kind} xs={12} md={4}>
                  <Statistic title={k.label} value={k.count} suffix={k.unit} />
                </Col>
              ))}
              <Col xs={12} md={4}>
                <Statistic title="合计" value={d.total} suffix="件" />
              </Col>
              <Col xs={12} md={4}>
                <Statistic
                  title="满意度"
                  value={d.averageRating ?? '—'}
                  suffix={d.averageRating ? '/ 5' : ''}
                />
              </Col>
            </Row>
            <div className="legal-muted" data-testid="stats-sentence">
              {d.from} 至 {d.to}：{d.byKind.map((k) => `${k.label} ${k.count} ${k.unit}`).join('，')}；办理中{' '}
              {d.open} 件。
            </div>
          </Card>
          <Row gutter={12}>
            <Col xs={24} lg={12}>
              <Card className="anju-card" size="small" title="按月份">
                <Table
                  size="small"
                  rowKey="month"
                  pagination={false}
                  dataSource={d.byMonth}
                  columns={[
                    { title: '月份', dataIndex: 'month' },
                    ...kindColumns,
                    { title: '合计', dataIndex: 'total' },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card className="anju-card" size="small" title="按区域">
                <Table
                  size="small"
                  rowKey="placeId"
                  pagination={false}
                  dataSource={d.byPlace}
                  columns={[
                    { title: '区域', dataIndex: 'name' },
                    ...kindColumns,
                    { title: '合计', dataIndex: 'total' },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
