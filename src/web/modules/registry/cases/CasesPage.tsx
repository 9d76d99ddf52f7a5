import { DownOutlined, PlusOutlined, ReloadOutlined, UpOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Permission } from '../../../../shared/permissions.js';
import { errorMessage } from '../../../app/api.js';
import { useAuth } from '../../../app/auth.js';
import { CardListPagination } from '../../../app/components/CardListPagination.js';
import { PageHeader } from '../../../app/components/PageHeader.js';
import { useCurrentPlace } from '../../../app/place.js';
import { type CaseKind, type CaseListParams, type CaseRow, caseApi, caseKeys } from './api.js';
import { CaseFormModal, EndCaseModal, VisitModal } from './CaseDialogs.js';
import { CaseDrawer } from './CaseDrawer.js';
import { AttentionTag, GroupTag, KIND, NextVisit, StarLevel } from './meta.js';
import '../tenancies/tenancies.css';
import './cases.css';

const PAGE_SIZES = [10, 20, 50, 100];

interface Filters {
  q?: string;
  group?: string;
  overdue: boolean;
  ended: boolean;
  page: number;
  pageSize: number;
}

function readFilters(search: URLSearchParams, groups: Record<string, string>): Filters {
  const page = Number(search.get('page'));
  const pageSize = Number(search.get('pageSize'));
  const group = search.get('group') ?? undefined;
  return {
    q: search.get('q') || undefined,
    group: group && group in groups ? group : undefined,
    overdue: search.get('overdue') === '1',
    ended: search.get('ended') === '1',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

/** Counts per group and the overdue visits, each a shortcut to the filtered list. */
function SummaryStrip({
  kind,
  placeId,
  filters,
  onPick,
}: {
  kind: CaseKind;
  placeId: string | undefined;
  filters: Filters;
  onPick(next: Partial<Filters>): void;
}) {
  const meta = KIND[kind];
  const stats = useQuery({
    queryKey: caseKeys.stats(placeId),
    queryFn: () => caseApi.stats(placeId),
    staleTime: 30_000,
  });
  const overdue = useQuery({
    queryKey: caseKeys.overdue(kind, placeId),
    queryFn: () => caseApi.list(kind, { placeId, overdue: 'true', page: 1, pageSize: 1 }),
    staleTime: 30_000,
  });
  const counts = (kind === 'special' ? stats.data?.special : stats.data?.care) ?? null;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null;
  const overdueCount = overdue.data?.total;

  return (
    <div className="anju-rg-strip">
      <button
        type="button"
        className={`anju-rg-chip${!filters.group && !filters.overdue ? ' is-active' : ''}`}
        onClick={() => onPick({ group: undefined, overdue: false, page: 1 })}
      >
        <span className="anju-rg-chip-label">全部在管</span>
        <span className="anju-rg-chip-value">{total ?? '—'}</span>
        <span className="anju-rg-chip-unit">人</span>
      </button>
      {Object.entries(meta.groups).map(([group, label]) => (
        <button
          key={group}
          type="button"
          className={`anju-rg-chip${filters.group === group ? ' is-active' : ''}`}
          onClick={() => onPick({ group: filters.group === group ? undefined : group, page: 1 })}
        >
          <span className="anju-rg-chip-label">{label}</span>
          <span className="anju-rg-chip-value">{counts ? (counts[group] ?? 0) : '—'}</span>
          <span className="anju-rg-chip-unit">人</span>
        </button>
      ))}
      <button
        type="button"
        className={`anju-rg-chip is-alert${filters.overdue ? ' is-active' : ''}${overdueCount ? ' has-value' : ''}`}
        onClick={() => onPick({ overdue: !filters.overdue, page: 1 })}
      >
        <span className="anju-rg-chip-label">走访逾期</span>
        <span className="anju-rg-chip-value">{overdueCount ?? '—'}</span>
        <span className="anju-rg-chip-unit">人</span>
      </button>
    </div>
  );
}

export function CasesPage({ kind }: { kind: 'special' | 'care' }) {
  const meta = KIND[kind];
  const { can } = useAuth();
  const canWrite = can(meta.write as Permission);
  const { place } = useCurrentPlace();
  const queryClient = useQueryClient();
  const isMobile = Grid.useBreakpoint().md === false;

  const [search, setSearch] = useSearchParams();
  const filters = readFilters(search, meta.groups);
  const openId = search.get('case');

  const write = (merged: Filters, caseId: string | null) => {
    const out = new URLSearchParams();
    if (merged.q) out.set('q', merged.q);
    if (merged.group) out.set('group', merged.group);
    if (merged.overdue) out.set('overdue', '1');
    if (merged.ended) out.set('ended', '1');
    if (merged.page > 1) out.set('page', String(merged.page));
    if (merged.pageSize !== 20) out.set('pageSize', String(merged.pageSize));
    if (caseId) out.set('case', caseId);
    setSearch(out);
  };
  const setFilters = (next: Partial<Filters>) => write({ ...filters, ...next }, openId);
  const openCase = (caseId: string | null) => write(filters, caseId);

  const [form] = Form.useForm<{ q?: string; group?: string }>();
  // On a phone the strip above already filters by group and 逾期: the rest waits behind 更多筛选.
  const [moreFilters, setMoreFilters] = useState(false);
  const showAll = !isMobile || moreFilters || filters.ended;
  useEffect(
    () => form.setFieldsValue({ q: filters.q, group: filters.group }),
    [form, filters.q, filters.group],
  );

  const placeId = place?.id;
  const firstPlace = useRef(placeId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of place resets the page
  useEffect(() => {
    if (firstPlace.current === placeId) return;
    firstPlace.current = placeId;
    if (filters.page !== 1) setFilters({ page: 1 });
  }, [placeId]);

  const params: CaseListParams = {
    placeId,
    q: filters.q,
    group: filters.group,
    overdue: filters.overdue ? 'true' : undefined,
    active: filters.ended ? 'false' : undefined,
    page: filters.page,
    pageSize: filters.pageSize,
  };
  const list = useQuery({
    queryKey: caseKeys.list(kind, params),
    queryFn: () => caseApi.list(kind, params),
    placeholderData: keepPreviousData,
  });
  const data = list.data;

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<CaseRow | null>(null);
  const [ending, setEnding] = useState<CaseRow | null>(null);
  const [visiting, setVisiting] = useState<CaseRow | null>(null);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: caseKeys.all(kind) }),
      queryClient.invalidateQueries({ queryKey: ['registry', 'stats'] }),
    ]);

  const visitButton = (row: CaseRow, big = false): ReactNode =>
    canWrite && !row.endedOn ? (
      big ? (
        <Button type="primary" size="large" onClick={() => setVisiting(row)}>
          走访登记
        </Button>
      ) : (
        <Typography.Link onClick={() => setVisiting(row)}>走访登记</Typography.Link>
      )
    ) : null;

  const levelCell = (row: CaseRow) =>
    kind === 'special' ? <AttentionTag level={row.attention} /> : <StarLevel level={row.level} />;

  const columns: TableColumnsType<CaseRow> = [
    {
      title: '姓名',
      key: 'name',
      fixed: 'left',
      width: 170,
      render: (_, row) => (
        <div className="anju-rg-names">
          <Link to={`/registry/people/${row.person.id}`}>{row.person.name}</Link>
          <span className="anju-rg-sub anju-mono">{row.person.idMasked ?? '证件未登记'}</span>
        </div>
      ),
    },
    {
      title: '类别',
      key: 'group',
      width: 140,
      render: (_, row) => <GroupTag kind={kind} group={row.group} />,
    },
    {
      title: kind === 'special' ? '关注程度' : '服务星级',
      key: 'level',
      width: 110,
      render: (_, row) => levelCell(row),
    },
    { title: '住址', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
    { title: meta.responsible, dataIndex: 'responsibleName', width: 100 },
    {
      title: '上次走访',
      dataIndex: 'lastVisitOn',
      width: 120,
      render: (v: string | null) =>
        v ? (
          <span className="anju-mono">{v}</span>
        ) : (
          <Typography.Text type="secondary">尚未走访</Typography.Text>
        ),
    },
    { title: '下次走访', key: 'next', width: 130, render: (_, row) => <NextVisit row={row} /> },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      width: 130,
      render: (_, row) => (
        <Space size={12}>
          {visitButton(row)}
          <Typography.Link onClick={() => openCase(row.id)}>详情</Typography.Link>
        </Space>
      ),
    },
  ];

  const hasFilters = !!(filters.q || filters.group || filters.overdue || filters.ended);
  const emptyText = (
    <Empty
      description={
        filters.overdue && !filters.q && !filters.group
          ? '没有走访逾期的对象，走访都按时完成了'
          : hasFilters
            ? '没有符合条件的记录，可清空筛选条件后再查'
            : `${place ? `「${place.name}」` : ''}暂无${meta.title}记录${canWrite ? `，可点击「新增${meta.noun}」添加` : ''}`
      }
    >
      {hasFilters && (
        <Button
          onClick={() =>
            write({ ...filters, q: undefined, group: undefined, overdue: false, ended: false, page: 1 }, null)
          }
        >
          清空筛选条件
        </Button>
      )}
    </Empty>
  );

  return (
    <div>
      <PageHeader
        title={meta.title}
        description={place ? `当前区域：${place.name}。${meta.description}` : meta.description}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新增{meta.noun}
            </Button>
          )
        }
      />

      <SummaryStrip kind={kind} placeId={placeId} filters={filters} onPick={setFilters} />

      <Card className="anju-card anju-query-card">
        <Form
          form={form}
          layout={isMobile ? 'vertical' : 'inline'}
          className="anju-query-form"
          onFinish={(values) =>
            setFilters({ q: values.q?.trim() || undefined, group: values.group, page: 1 })
          }
        >
          <Form.Item label="姓名" name="q">
            <Input allowClear maxLength={50} placeholder="姓名或拼音，如 zhangsan、zs" />
          </Form.Item>
          <Form.Item label="类别" name="group" hidden={!showAll}>
            <Select
              allowClear
              placeholder="全部类别"
              style={{ minWidth: 170 }}
              options={Object.entries(meta.groups).map(([value, label]) => ({ value, label }))}
              onChange={(group?: string) => setFilters({ group, page: 1 })}
            />
          </Form.Item>
          <Form.Item hidden={!showAll}>
            <Space wrap>
              <Checkbox
                checked={filters.overdue}
                onChange={(e) => setFilters({ overdue: e.target.checked, page: 1 })}
              >
                只看走访逾期
              </Checkbox>
              <Checkbox
                checked={filters.ended}
                onChange={(e) => setFilters({ ended: e.target.checked, page: 1 })}
              >
                含已结束
              </Checkbox>
            </Space>
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  write(
                    { ...filters, q: undefined, group: undefined, overdue: false, ended: false, page: 1 },
                    null,
                  );
                }}
              >
                重置
              </Button>
              {isMobile && (
                <Button
                  type="link"
                  onClick={() => setMoreFilters((v) => !v)}
                  icon={showAll ? <UpOutlined /> : <DownOutlined />}
                  iconPlacement="end"
                >
                  {showAll ? '收起' : '更多筛选'}
                </Button>
              )}
            </Space>
          </Form.Item>
        </Form>
      </Card>

      <Card
        className="anju-card"
        title={data ? `${meta.title}名单（共 ${data.total} 人）` : `${meta.title}名单`}
        extra={
          <Tooltip title="刷新">
            <Button type="text" icon={<ReloadOutlined />} aria-label="刷新" onClick={() => refresh()} />
          </Tooltip>
        }
      >
        {list.isError && (
          <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
        )}
        <div data-testid="case-table">
          {isMobile ? (
            <>
              <List<CaseRow>
                className="anju-rg-card-list"
                loading={list.isFetching && !data}
                dataSource={data?.items ?? []}
                locale={{ emptyText: data ? emptyText : <div className="anju-rg-wait" /> }}
                renderItem={(row) => (
                  <List.Item
                    data-testid="case-row"
                    className={row.overdueDays > 0 ? 'is-overdue' : undefined}
                  >
                    <div className="anju-rg-card-head">
                      <Link className="anju-rg-card-title" to={`/registry/people/${row.person.id}`}>
                        {row.person.name}
                      </Link>
                      <Space size={4} wrap>
                        <GroupTag kind={kind} group={row.group} />
                        {levelCell(row)}
                      </Space>
                    </div>
                    <div className="anju-rg-card-row">
                      <span className="anju-rg-card-label">住址</span>
                      <span>{row.address ?? '—'}</span>
                    </div>
                    <div className="anju-rg-card-row">
                      <span className="anju-rg-card-label">{meta.responsible}</span>
                      <span>{row.responsibleName}</span>
                    </div>
                    <div className="anju-rg-card-row">
                      <span className="anju-rg-card-label">上次</span>
                      <span>{row.lastVisitOn ?? '尚未走访'}</span>
                    </div>
                    <div className="anju-rg-card-row">
                      <span className="anju-rg-card-label">下次</span>
                      <NextVisit row={row} />
                    </div>
                    <div className="anju-rg-card-actions">
                      <Button size="large" onClick={() => openCase(row.id)}>
                        详情
                      </Button>
                      {visitButton(row, true)}
                    </div>
                  </List.Item>
                )}
              />
              <CardListPagination
                data={data}
                unit="人"
                onChange={(page, pageSize) => setFilters({ page, pageSize })}
              />
            </>
          ) : (
            <Table<CaseRow>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={data?.items ?? []}
              loading={list.isFetching}
              locale={{ emptyText: data ? emptyText : <div className="anju-rg-wait" /> }}
              scroll={{ x: 1100 }}
              onRow={(row) =>
                ({
                  'data-testid': 'case-row',
                  className: row.overdueDays > 0 ? 'is-overdue' : undefined,
                }) as React.HTMLAttributes<HTMLElement>
              }
              pagination={{
                current: data?.page ?? filters.page,
                pageSize: data?.pageSize ?? filters.pageSize,
                total: data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: PAGE_SIZES,
                showTotal: (n) => `共 ${n} 人`,
                onChange: (page, pageSize) =>
                  setFilters({ page: pageSize !== filters.pageSize ? 1 : page, pageSize }),
              }}
            />
          )}
        </div>
      </Card>

      <CaseDrawer
        kind={kind}
        caseId={openId}
        canWrite={canWrite}
        onClose={() => openCase(null)}
        onChanged={() => refresh()}
        onEdit={setEditing}
        onEnd={setEnding}
      />
      <CaseFormModal
        kind={kind}
        open={creating || !!editing}
        editing={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
        onSaved={(id) => {
          const wasNew = creating;
          setCreating(false);
          setEditing(null);
          refresh();
          if (wasNew) openCase(id);
        }}
      />
      <EndCaseModal
        kind={kind}
        row={ending}
        onClose={() => setEnding(null)}
        onEnded={() => {
          setEnding(null);
          refresh();
        }}
      />
      <VisitModal
        kind={kind}
        row={visiting}
        onClose={() => setVisiting(null)}
        onSaved={() => {
          setVisiting(null);
          refresh();
        }}
      />
    </div>
  );
}
