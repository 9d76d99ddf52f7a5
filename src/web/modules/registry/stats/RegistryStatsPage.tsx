import { ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Empty,
  Grid,
  Row,
  Skeleton,
  Tooltip,
  Typography,
} from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { RegistryStats } from '../../../../shared/api/registry.js';
import {
  CARE_GROUPS,
  HOUSE_USES,
  POPULATION_TYPES,
  REGISTRATION_RATE_TARGET,
  SPECIAL_GROUPS,
  TENANCY_ENDING_DAYS,
} from '../../../../shared/registry.js';
import { api, errorMessage } from '../../../app/api.js';
import { useAuth } from '../../../app/auth.js';
import { PageHeader } from '../../../app/components/PageHeader.js';
import { useCurrentPlace } from '../../../app/place.js';
import { orgApi, orgKeys } from '../../org/api.js';
import { BarChart, type BarDatum, GREEN, PRIMARY, RED } from './BarChart.js';
import './stats.css';

const statsKey = (placeId: string | undefined) => ['registry', 'stats', placeId ?? ''] as const;
const fetchStats = (placeId: string | undefined) =>
  api<RegistryStats>('/api/v1/registry/stats', { query: { placeId } });

const num = (n: number) => n.toLocaleString('en-US');
/** 0.982 → 98.2% */
export const formatRate = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const TARGET_TEXT = `${Math.round(REGISTRATION_RATE_TARGET * 1000) / 10}%`;

function StatCard({
  label,
  value,
  unit,
  note,
  tone,
  to,
  onOpen,
}: {
  label: string;
  value: ReactNode;
  unit?: string;
  note?: ReactNode;
  tone?: 'alert' | 'warn' | 'ok';
  to?: string;
  onOpen(to: string): void;
}) {
  const body = (
    <>
      <span className="anju-st-label">
        {label}
        {to && <RightOutlined className="anju-st-arrow" />}
      </span>
      <span className="anju-st-value">
        {value}
        {unit && <span className="anju-st-unit">{unit}</span>}
      </span>
      {note && <span className="anju-st-note">{note}</span>}
    </>
  );
  const className = `anju-st-card${tone ? ` is-${tone}` : ''}`;
  return to ? (
    <button type="button" className={className} onClick={() => onOpen(to)}>
      {body}
    </button>
  ) : (
    <div className={className}>{body}</div>
  );
}

function codeBars(map: Record<string, string>, counts: Record<string, number>, color?: string): BarDatum[] {
  return Object.entries(map).map(([key, label]) => ({ key, label, value: counts[key] ?? 0, color }));
}

export function RegistryStatsPage() {
  const { can } = useAuth();
  const { place, setPlace } = useCurrentPlace();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const isMobile = Grid.useBreakpoint().md === false;
  const placeId = place?.id;

  const stats = useQuery({ queryKey: statsKey(placeId), queryFn: () => fetchStats(placeId) });
  const detail = useQuery({
    queryKey: orgKeys.detail(placeId ?? ''),
    queryFn: () => orgApi.getPlace(placeId!),
    enabled: !!placeId && can('org.place.read'),
    staleTime: 60_000,
  });
  const s = stats.data;

  /** Drill into a place: the top bar follows, so the lists opened from here show the same place. */
  const goTo = async (id: string | null) => {
    if (!id) {
      setPlace(null);
      return;
    }
    try {
      const p = await queryClient.fetchQuery({
        queryKey: orgKeys.detail(id),
        queryFn: () => orgApi.getPlace(id),
        staleTime: 60_000,
      });
      setPlace({ id: p.id, name: p.name, kind: p.kind });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const rate = s?.registrationRate ?? null;
  const belowTarget = rate !== null && rate < REGISTRATION_RATE_TARGET;
  const unregistered = s ? s.floating - s.floatingRegistered : 0;

  const ranking: BarDatum[] = (s?.children ?? [])
    .filter((c) => c.registrationRate !== null)
    .sort((a, b) => (b.registrationRate ?? 0) - (a.registrationRate ?? 0))
    .map((c) => ({
      key: c.id,
      label: c.name,
      value: Math.round((c.registrationRate ?? 0) * 1000) / 10,
      color: (c.registrationRate ?? 0) < REGISTRATION_RATE_TARGET ? RED : GREEN,
    }));
  const noFloating = (s?.children ?? []).filter((c) => c.registrationRate === null);
  const below = ranking.filter((r) => r.color === RED).length;
  // Rates bunch just under 100 %: start the axis a little below the lowest (and the target) so the
  // differences show, in steps of 10.
  const lowest = Math.min(REGISTRATION_RATE_TARGET * 100, ...ranking.map((r) => r.value));
  const rankingMin = Math.max(0, Math.floor((lowest - 5) / 10) * 10);

  const breadcrumb = detail.data ? (
    <Breadcrumb
      className="anju-st-crumbs"
      items={[
        { key: 'all', title: <Typography.Link onClick={() => goTo(null)}>全部辖区</Typography.Link> },
        ...detail.data.ancestors.map((a) => ({
          key: a.id,
          title: <Typography.Link onClick={() => goTo(a.id)}>{a.name}</Typography.Link>,
        })),
        { key: detail.data.id, title: detail.data.name },
      ]}
    />
  ) : null;

  return (
    <div>
      <PageHeader
        title="统计分析"
        description={
          <>
            {place ? `当前区域：${place.name}` : '全部管辖区域'}
            。点击卡片或柱形可查看对应名单，点击下级区域可逐级查看。
          </>
        }
        extra={
          <Tooltip title="刷新">
            <Button
              icon={<ReloadOutlined />}
              aria-label="刷新"
              onClick={() => queryClient.invalidateQueries({ queryKey: ['registry', 'stats'] })}
            />
          </Tooltip>
        }
      />
      {breadcrumb}
      {stats.isError && (
        <Alert type="error" showIcon className="anju-block-gap" title={errorMessage(stats.error)} />
      )}
      {stats.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
      {s && (
        <>
          <div className="anju-st-cards" data-testid="stats-cards">
            <StatCard
              label="房屋"
              value={num(s.houses)}
              unit="户"
              note={`出租 ${num(s.housesByUse.rent ?? 0)} 户，空置 ${num(s.housesByUse.vacant ?? 0)} 户`}
              to="/registry/houses"
              onOpen={navigate}
            />
            <StatCard
              label="住户"
              value={num(s.households)}
              unit="户"
              note="有人居住的房屋"
              to="/registry/houses"
              onOpen={navigate}
            />
            <StatCard
              label="实有人口"
              value={num(s.people)}
              unit="人"
              note={`户籍 ${num(s.peopleByType.registered ?? 0)} 人`}
              to="/registry/people"
              onOpen={navigate}
            />
            <StatCard
              label="流动人口"
              value={num(s.floating)}
              unit="人"
              note={`已登记出租 ${num(s.floatingRegistered)} 人`}
              to="/registry/people?populationType=floating"
              onOpen={navigate}
            />
            <StatCard
              label="出租房屋"
              value={num(s.rentedHouses)}
              unit="处"
              note={`有效合同 ${num(s.activeTenancies)} 件`}
              to="/registry/tenancies?status=active"
              onOpen={navigate}
            />
            <StatCard
              label="列管率"
              value={formatRate(rate)}
              tone={rate === null ? undefined : belowTarget ? 'alert' : 'ok'}
              note={
                rate === null
                  ? '暂无流动人口'
                  : belowTarget
                    ? `未达标（目标 ${TARGET_TEXT}），${num(unregistered)} 人未登记`
                    : `达标（目标 ${TARGET_TEXT}）`
              }
              to="/registry/tenancies?status=unregistered"
              onOpen={navigate}
            />
            <StatCard
              label={`${TENANCY_ENDING_DAYS}天内到期合同`}
              value={num(s.tenanciesEnding)}
              unit="件"
              tone={s.tenanciesEnding > 0 ? 'warn' : undefined}
              note={s.tenanciesEnding > 0 ? '提醒续租或办理退租' : '近期没有到期的合同'}
              to="/registry/tenancies?status=ending"
              onOpen={navigate}
            />
            <StatCard
              label="走访逾期"
              value={num(s.overdueVisits)}
              unit="人"
              tone={s.overdueVisits > 0 ? 'alert' : undefined}
              note={
                s.overdueVisits > 0 ? (s.special ? '特殊人群与关爱对象合计' : '关爱对象') : '走访都按时完成'
              }
              to={`/registry/${s.special ? 'special' : 'care'}?overdue=1`}
              onOpen={navigate}
            />
          </div>

          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card className="anju-card anju-fill">
                <BarChart
                  title="房屋用途分布"
                  unit="户"
                  data={codeBars(HOUSE_USES, s.housesByUse)}
                  onPick={(d) => navigate(`/registry/houses?use=${d.key}`)}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card className="anju-card anju-fill">
                <BarChart
                  title="实有人口构成"
                  unit="人"
                  data={codeBars(POPULATION_TYPES, s.peopleByType)}
                  onPick={(d) => navigate(`/registry/people?populationType=${d.key}`)}
                />
              </Card>
            </Col>
            <Col xs={24}>
              <Card className="anju-card anju-fill">
                {ranking.length > 0 ? (
                  <>
                    <BarChart
                      title={`流动人口列管率排名（目标 ${TARGET_TEXT}）`}
                      unit="%"
                      percent
                      horizontal
                      data={ranking}
                      height={Math.max(200, ranking.length * 34 + 80)}
                      target={{ value: REGISTRATION_RATE_TARGET * 100, label: `目标 ${TARGET_TEXT}` }}
                      min={rankingMin}
                      onPick={(d) => goTo(d.key)}
                    />
                    <Typography.Paragraph type="secondary" className="anju-st-foot">
                      <span className="anju-st-dot" style={{ background: GREEN }} /> 达标
                      <span className="anju-st-dot" style={{ background: RED }} /> 未达标（{below} 个）
                      {noFloating.length > 0 &&
                        `。${noFloating.map((c) => c.name).join('、')} 暂无流动人口，未列入排名`}
                      。{rankingMin > 0 && `横轴从 ${rankingMin}% 起，便于比较。`}点击柱形进入该区域。
                    </Typography.Paragraph>
                  </>
                ) : (
                  <>
                    <Typography.Text strong>流动人口列管率排名</Typography.Text>
                    <Empty
                      image={Empty.PRESENTED_IMAGE_SIMPLE}
                      description={
                        (s.children ?? []).length === 0
                          ? '当前区域没有下级区域可排名'
                          : '下级区域暂无流动人口，无法计算列管率'
                      }
                    />
                  </>
                )}
              </Card>
            </Col>
            {s.special && (
              <Col xs={24} lg={12}>
                <Card className="anju-card anju-fill">
                  <BarChart
                    title="特殊人群（在管）"
                    unit="人"
                    data={codeBars(SPECIAL_GROUPS, s.special, '#d4380d')}
                    height={isMobile ? 300 : 280}
                    onPick={(d) => navigate(`/registry/special?group=${d.key}`)}
                  />
                </Card>
              </Col>
            )}
            <Col xs={24} lg={s.special ? 12 : 24}>
              <Card className="anju-card anju-fill">
                <BarChart
                  title="关爱对象（在管）"
                  unit="人"
                  data={codeBars(CARE_GROUPS, s.care, PRIMARY)}
                  onPick={(d) => navigate(`/registry/care?group=${d.key}`)}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
