import { PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { TENANCY_PURPOSES } from '../../../../shared/registry.js';
import { errorMessage } from '../../../app/api.js';
import { useAuth } from '../../../app/auth.js';
import { CardListPagination } from '../../../app/components/CardListPagination.js';
import { PageHeader } from '../../../app/components/PageHeader.js';
import { formatDateTime } from '../../../app/format.js';
import { useCurrentPlace } from '../../../app/place.js';
import { ExportButton } from '../shared/ExportButton.js';
import {
  type PersonRow,
  type TenancyListParams,
  type TenancyRow,
  type TenancyStatus,
  tenancyApi,
  tenancyKeys,
} from './api.js';
import { daysFromToday } from './dates.js';
import { CreateTenancyModal, EndTenancyModal, type TenancyPreset } from './TenancyDialogs.js';
import './tenancies.css';

const PAGE_SIZES = [10, 20, 50, 100];
const UNREGISTERED = 'unregistered';
type TabKey = 'all' | TenancyStatus | typeof UNREGISTERED;

const TABS: { key: TabKey; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'active', label: '在租' },
  { key: 'ending', label: '30天内到期' },
  { key: 'expired', label: '已到期' },
  { key: 'ended', label: '已退租' },
  { key: UNREGISTERED, label: '未登记流动人口' },
];
const TAB_KEYS = new Set<string>(TABS.map((t) => t.key).concat('future'));

interface Filters {
  tab: TabKey;
  q?: string;
  page: number;
  pageSize: number;
}

function readFilters(search: URLSearchParams): Filters {
  const page = Number(search.get('page'));
  const pageSize = Number(search.get('pageSize'));
  const status = search.get('status') ?? 'all';
  return {
    tab: (TAB_KEYS.has(status) ? status : 'all') as TabKey,
    q: search.get('q') || undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

/** 在租 green, 即将到期 orange with the days left, 已到期 red, 已退租 grey, 未开始 blue — always in words. */
export function TenancyStatusTag({ tenancy }: { tenancy: TenancyRow }) {
  switch (tenancy.status) {
    case 'active':
      return <Tag color="green">在租</Tag>;
    case 'ending': {
      const left = daysFromToday(tenancy.endDate);
      return (
        <Tooltip title={`${tenancy.endDate} 到期`}>
          <Tag color="orange">{left <= 0 ? '今天到期' : `即将到期 · 剩 ${left} 天`}</Tag>
        </Tooltip>
      );
    }
    case 'expired':
      return (
        <Tooltip title="合同已到期，尚未办理退租或续租">
          <Tag color="red">已到期 {Math.abs(daysFromToday(tenancy.endDate))} 天</Tag>
        </Tooltip>
      );
    case 'ended':
      return (
        <Tooltip title={tenancy.endedOn ? `${tenancy.endedOn} 退租` : undefined}>
          <Tag>已退租</Tag>
        </Tooltip>
      );
    case 'future':
      return (
        <Tooltip title={`${tenancy.startDate} 起租`}>
          <Tag color="blue">未开始</Tag>
        </Tooltip>
      );
  }
}

function Tenants({ tenancy }: { tenancy: TenancyRow }) {
  if (tenancy.tenants.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div className="anju-rg-names">
      {tenancy.tenants.map((t) => (
        <span key={t.id}>
          <Link to={`/registry/people/${t.id}`}>{t.name}</Link>
          {t.phoneMasked && <span className="anju-rg-sub anju-mono"> {t.phoneMasked}</span>}
        </span>
      ))}
    </div>
  );
}

function Term({ tenancy }: { tenancy: TenancyRow }) {
  return (
    <div className="anju-rg-names">
      <span className="anju-mono">
        {tenancy.startDate} 至 {tenancy.endDate}
      </span>
      {tenancy.endedOn && <span className="anju-rg-sub">{tenancy.endedOn} 退租</span>}
    </div>
  );
}

export function TenanciesPage() {
  const { can } = useAuth();
  const canManage = can('registry.manage');
  const canImport = can('registry.import');
  const { place } = useCurrentPlace();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const isMobile = Grid.useBreakpoint().md === false;

  const [search, setSearch] = useSearchParams();
  const filters = readFilters(search);
  const unregistered = filters.tab === UNREGISTERED;

  const setFilters = (next: Partial<Filters>) => {
    const merged = { ...filters, ...next };
    const out = new URLSearchParams();
    if (merged.tab !== 'all') out.set('status', merged.tab);
    if (merged.q) out.set('q', merged.q);
    if (merged.page > 1) out.set('page', String(merged.page));
    if (merged.pageSize !== 20) out.set('pageSize', String(merged.pageSize));
    setSearch(out);
  };

  const [form] = Form.useForm<{ q?: string }>();
  useEffect(() => form.setFieldsValue({ q: filters.q }), [form, filters.q]);

  // Another place in the top bar starts again at page 1.
  const placeId = place?.id;
  const firstPlace = useRef(placeId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of place resets the page
  useEffect(() => {
    if (firstPlace.current === placeId) return;
    firstPlace.current = placeId;
    if (filters.page !== 1) setFilters({ page: 1 });
  }, [placeId]);

  const listParams: TenancyListParams = {
    placeId,
    q: filters.q,
    status: filters.tab === 'all' || unregistered ? undefined : (filters.tab as TenancyStatus),
    page: filters.page,
    pageSize: filters.pageSize,
  };
  const list = useQuery({
    queryKey: tenancyKeys.list(listParams),
    queryFn: () => tenancyApi.list(listParams),
    placeholderData: keepPreviousData,
    enabled: !unregistered,
  });
  const unregParams = { placeId, q: filters.q, page: filters.page, pageSize: filters.pageSize };
  const floating = useQuery({
    queryKey: tenancyKeys.unregistered(unregParams),
    queryFn: () => tenancyApi.unregistered(unregParams),
    placeholderData: keepPreviousData,
    enabled: unregistered,
  });

  const [creating, setCreating] = useState(false);
  const [preset, setPreset] = useState<TenancyPreset | null>(null);
  const [ending, setEnding] = useState<TenancyRow | null>(null);

  // A tenancy moves people in and out and turns a house into 出租: every registry view may change.
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['registry'] });

  const openCreate = (next: TenancyPreset | null) => {
    setPreset(next);
    setCreating(true);
  };

  const registerFor = (person: PersonRow) =>
    openCreate({
      tenant: { id: person.id, name: person.name, idMasked: person.idMasked, address: person.address },
      house: person.houseId && person.address ? { id: person.houseId, address: person.address } : null,
    });

  const tenancyActions = (t: TenancyRow): ReactNode => {
    if (!canManage || t.status === 'ended') return null;
    return isMobile ? (
      <Button danger onClick={() => setEnding(t)}>
        退租
      </Button>
    ) : (
      <Typography.Link type="danger" onClick={() => setEnding(t)}>
        退租
      </Typography.Link>
    );
  };

  const columns: TableColumnsType<TenancyRow> = [
    {
      title: '房屋地址',
      dataIndex: 'address',
      fixed: 'left',
      width: 230,
      render: (address: string, t) => (
        <div className="anju-rg-names">
          <Typography.Text strong>{address}</Typography.Text>
          <span className="anju-rg-sub">{TENANCY_PURPOSES[t.purpose]}</span>
        </div>
      ),
    },
    {
      title: '出租人',
      dataIndex: 'landlordName',
      width: 100,
      render: (name: string, t) =>
        t.landlordId ? <Link to={`/registry/people/${t.landlordId}`}>{name}</Link> : name,
    },
    { title: '承租人', key: 'tenants', width: 180, render: (_, t) => <Tenants tenancy={t} /> },
    { title: '租期', key: 'term', width: 210, render: (_, t) => <Term tenancy={t} /> },
    { title: '状态', key: 'status', width: 150, render: (_, t) => <TenancyStatusTag tenancy={t} /> },
    {
      title: '登记人 / 时间',
      key: 'registered',
      width: 160,
      render: (_, t) => (
        <div className="anju-rg-names">
          <span>{t.registeredByName}</span>
          <span className="anju-rg-sub">{formatDateTime(t.registeredAt)}</span>
        </div>
      ),
    },
    ...(canManage
      ? [
          {
            title: '操作',
            key: 'actions',
            fixed: 'right' as const,
            width: 80,
            render: (_: unknown, t: TenancyRow) => tenancyActions(t),
          },
        ]
      : []),
  ];

  const floatingColumns: TableColumnsType<PersonRow> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 110,
      render: (name: string, p) => <Link to={`/registry/people/${p.id}`}>{name}</Link>,
    },
    {
      title: '证件号码',
      dataIndex: 'idMasked',
      width: 200,
      render: (v: string | null) =>
        v ? (
          <span className="anju-mono">{v}</span>
        ) : (
          <Typography.Text type="secondary">未登记</Typography.Text>
        ),
    },
    {
      title: '手机号',
      dataIndex: 'phoneMasked',
      width: 140,
      render: (v: string | null) =>
        v ? (
          <span className="anju-mono">{v}</span>
        ) : (
          <Typography.Text type="secondary">未登记</Typography.Text>
        ),
    },
    { title: '现住址', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
    {
      title: '标签',
      dataIndex: 'tags',
      width: 160,
      render: (tags: string[]) =>
        tags.length ? (
          <Space size={[0, 4]} wrap>
            {tags.map((t) => (
              <Tag key={t}>{t}</Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    ...(canManage
      ? [
          {
            title: '操作',
            key: 'actions',
            fixed: 'right' as const,
            width: 100,
            render: (_: unknown, p: PersonRow) => (
              <Typography.Link onClick={() => registerFor(p)}>出租登记</Typography.Link>
            ),
          },
        ]
      : []),
  ];

  const emptyTenancies = (
    <Empty
      description={
        filters.q || filters.tab !== 'all' ? (
          '没有符合条件的出租登记，可换个关键字或切换到「全部」'
        ) : (
          <span className="anju-rg-empty-actions">
            暂无出租登记，可
            {canImport ? <Link to="/registry/import">导入Excel</Link> : '导入Excel'}或
            {canManage ? (
              <Typography.Link onClick={() => openCreate(null)}>出租登记</Typography.Link>
            ) : (
              '出租登记'
            )}
          </span>
        )
      }
    >
      {filters.q && <Button onClick={() => setFilters({ q: undefined, page: 1 })}>清空关键字</Button>}
    </Empty>
  );
  const emptyFloating = (
    <Empty
      description={
        filters.q ? '没有符合条件的人员' : '所有居住在此的流动人口都已有有效的出租登记，列管情况良好'
      }
    />
  );

  const tenancyData = list.data;
  const floatingData = floating.data;
  const total = unregistered
    ? floatingData
      ? `${floatingData.total}${floatingData.capped ? '+' : ''}`
      : null
    : tenancyData
      ? String(tenancyData.total)
      : null;
  const unit = unregistered ? '人' : '件';
  const activeError = unregistered ? floating.error : list.error;
  const fetching = unregistered ? floating.isFetching : list.isFetching;

  const pager = (data: { page: number; pageSize: number; total: number } | undefined) => (
    <CardListPagination
      data={data}
      unit={unit}
      onChange={(page, pageSize) => setFilters({ page, pageSize })}
    />
  );

  const tablePagination = (data: { page: number; pageSize: number; total: number } | undefined) => ({
    current: data?.page ?? filters.page,
    pageSize: data?.pageSize ?? filters.pageSize,
    total: data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZES,
    showTotal: (n: number) => `共 ${n} ${unit}`,
    onChange: (page: number, pageSize: number) =>
      setFilters({ page: pageSize !== filters.pageSize ? 1 : page, pageSize }),
  });

  return (
    <div>
      <PageHeader
        title="出租房屋"
        description={
          place
            ? `当前区域：${place.name}（可在顶部切换）。合同 30 天内到期的会提前提示。`
            : '管辖范围内的出租登记与未登记的流动人口'
        }
        extra={
          <Space wrap>
            {!unregistered && (
              <ExportButton list="tenancies" filters={{ placeId, q: filters.q, status: listParams.status }} />
            )}
            {canImport && (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/registry/import?kind=tenancies')}>
                导入Excel
              </Button>
            )}
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => openCreate(null)}>
                出租登记
              </Button>
            )}
          </Space>
        }
      />

      <Card className="anju-card anju-query-card">
        <Form
          form={form}
          layout={isMobile ? 'vertical' : 'inline'}
          className="anju-query-form"
          onFinish={(values) => setFilters({ q: values.q?.trim() || undefined, page: 1 })}
        >
          <Form.Item label="关键字" name="q">
            <Input
              allowClear
              maxLength={50}
              placeholder={unregistered ? '姓名、拼音或证件号后 4 位' : '地址（如 3栋2单元501）或姓名'}
              style={{ width: isMobile ? '100%' : 280 }}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilters({ q: undefined, page: 1 });
                }}
              >
                重置
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>

      <Card
        className="anju-card"
        title={
          total === null
            ? unregistered
              ? '未登记流动人口'
              : '出租登记'
            : unregistered
              ? `未登记流动人口（共 ${total} 人）`
              : `出租登记（共 ${total} 件）`
        }
        extra={
          <Tooltip title="刷新">
            <Button type="text" icon={<ReloadOutlined />} aria-label="刷新" onClick={() => refresh()} />
          </Tooltip>
        }
      >
        <Tabs
          data-testid="tenancy-status-tabs"
          className="anju-rg-tabs"
          activeKey={filters.tab === 'future' ? 'all' : filters.tab}
          onChange={(key) => setFilters({ tab: key as TabKey, page: 1 })}
          items={TABS.map((t) => ({ key: t.key, label: t.label }))}
        />
        {unregistered && (
          <Alert
            type="info"
            showIcon
            className="anju-block-gap"
            title="住在辖区内、但没有有效出租登记的流动人口。核实后点「出租登记」补登，列管率随之提高。"
          />
        )}
        {activeError && (
          <Alert type="error" showIcon title={errorMessage(activeError)} className="anju-block-gap" />
        )}

        {unregistered ? (
          isMobile ? (
            <>
              <List<PersonRow>
                className="anju-rg-card-list"
                loading={fetching && !floatingData}
                dataSource={floatingData?.items ?? []}
                locale={{ emptyText: floatingData ? emptyFloating : <div className="anju-rg-wait" /> }}
                renderItem={(p) => (
                  <List.Item>
                    <div className="anju-rg-card-head">
                      <Link className="anju-rg-card-title" to={`/registry/people/${p.id}`}>
                        {p.name}
                      </Link>
                      <Tag color="orange">未登记出租</Tag>
                    </div>
                    <div className="anju-rg-card-row">
                      <span className="anju-rg-card-label">证件</span>
                      <span className="anju-mono">{p.idMasked ?? '未登记'}</span>
                    </div>
                    <div className="anju-rg-card-row">
                      <span className="anju-rg-card-label">住址</span>
                      <span>{p.address ?? '—'}</span>
                    </div>
                    {canManage && (
                      <div className="anju-rg-card-actions">
                        <Button type="primary" onClick={() => registerFor(p)}>
                          出租登记
                        </Button>
                      </div>
                    )}
                  </List.Item>
                )}
              />
              {pager(floatingData)}
            </>
          ) : (
            <Table<PersonRow>
              rowKey="id"
              size="middle"
              columns={floatingColumns}
              dataSource={floatingData?.items ?? []}
              loading={fetching}
              locale={{ emptyText: floatingData ? emptyFloating : <div className="anju-rg-wait" /> }}
              scroll={{ x: 900 }}
              pagination={tablePagination(floatingData)}
            />
          )
        ) : isMobile ? (
          <div data-testid="tenancy-table">
            <List<TenancyRow>
              className="anju-rg-card-list"
              loading={fetching && !tenancyData}
              dataSource={tenancyData?.items ?? []}
              locale={{ emptyText: tenancyData ? emptyTenancies : <div className="anju-rg-wait" /> }}
              renderItem={(t) => (
                <List.Item>
                  <div className="anju-rg-card-head">
                    <span className="anju-rg-card-title">{t.address}</span>
                    <TenancyStatusTag tenancy={t} />
                  </div>
                  <div className="anju-rg-card-row">
                    <span className="anju-rg-card-label">出租人</span>
                    <span>{t.landlordName}</span>
                  </div>
                  <div className="anju-rg-card-row">
                    <span className="anju-rg-card-label">承租人</span>
                    <Tenants tenancy={t} />
                  </div>
                  <div className="anju-rg-card-row">
                    <span className="anju-rg-card-label">租期</span>
                    <Term tenancy={t} />
                  </div>
                  <div className="anju-rg-card-row">
                    <span className="anju-rg-card-label">登记</span>
                    <span className="anju-rg-sub">
                      {t.registeredByName} · {formatDateTime(t.registeredAt)}
                    </span>
                  </div>
                  {canManage && t.status !== 'ended' && (
                    <div className="anju-rg-card-actions">{tenancyActions(t)}</div>
                  )}
                </List.Item>
              )}
            />
            {pager(tenancyData)}
          </div>
        ) : (
          <div data-testid="tenancy-table">
            <Table<TenancyRow>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={tenancyData?.items ?? []}
              loading={fetching}
              locale={{ emptyText: tenancyData ? emptyTenancies : <div className="anju-rg-wait" /> }}
              scroll={{ x: 1110 }}
              pagination={tablePagination(tenancyData)}
            />
          </div>
        )}
      </Card>

      <CreateTenancyModal
        open={creating}
        preset={preset}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          refresh();
        }}
      />
      <EndTenancyModal
        tenancy={ending}
        onClose={() => setEnding(null)}
        onEnded={() => {
          setEnding(null);
          refresh();
        }}
      />
    </div>
  );
}
