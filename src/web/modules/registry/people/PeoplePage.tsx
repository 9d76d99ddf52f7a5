import { DownOutlined, PlusOutlined, ReloadOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Empty,
  Grid,
  Input,
  List,
  Pagination,
  Select,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import { type HTMLAttributes, type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  CARE_GROUPS,
  type CareGroup,
  GENDERS,
  POPULATION_TYPES,
  type PopulationType,
  SPECIAL_GROUPS,
  type SpecialGroup,
} from '../../../../shared/registry.js';
import { errorMessage } from '../../../app/api.js';
import { useAuth } from '../../../app/auth.js';
import { PageHeader } from '../../../app/components/PageHeader.js';
import { useCurrentPlace } from '../../../app/place.js';
import { HouseCard } from '../houses/HouseCard.js';
import { type PersonListParams, type PersonRow, registryApi, registryKeys } from '../shared/api.js';
import { ExportButton } from '../shared/ExportButton.js';
import { ageOf, formatTotal } from '../shared/format.js';
import { codeOptions, PersonTags, PopulationTypeTag } from '../shared/labels.js';
import { MaskedValue } from '../shared/MaskedValue.js';
import '../shared/registry.css';
import { PersonFormDrawer, type PersonFormMode } from './PersonDialogs.js';

const PAGE_SIZES = [10, 20, 50, 100];
type Filters = Omit<PersonListParams, 'placeId'>;

const pick = <T extends string>(value: string | null, map: Record<T, string>): T | undefined =>
  value && value in map ? (value as T) : undefined;

function readFilters(search: URLSearchParams, canSpecial: boolean): Filters {
  const page = Number(search.get('page'));
  const pageSize = Number(search.get('pageSize'));
  return {
    q: search.get('q') || undefined,
    populationType: pick<PopulationType>(search.get('populationType'), POPULATION_TYPES),
    tag: search.get('tag') || undefined,
    care: pick<CareGroup>(search.get('care'), CARE_GROUPS),
    // A shared link with a special-group filter means nothing to someone who may not use it.
    special: canSpecial ? pick<SpecialGroup>(search.get('special'), SPECIAL_GROUPS) : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

const rowProps = () => ({ 'data-testid': 'person-row' }) as HTMLAttributes<HTMLElement>;

function Birth({ birthDate }: { birthDate: string | null }) {
  if (!birthDate) return <span className="anju-reg-muted">—</span>;
  const age = ageOf(birthDate);
  return (
    <span>
      {birthDate}
      {age !== null && <Typography.Text type="secondary"> · {age} 岁</Typography.Text>}
    </span>
  );
}

/** 实有人口: one search box for name, pinyin, ID digits, phone or address, then a few filters. */
export function PeoplePage() {
  const { can } = useAuth();
  const canManage = can('registry.manage');
  const canSpecial = can('registry.special');
  const { place } = useCurrentPlace();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [search, setSearch] = useSearchParams();
  const filters = readFilters(search, canSpecial);
  const params: PersonListParams = { ...filters, placeId: place?.id };
  const houseId = search.get('house');

  const setParams = (next: Record<string, string | undefined>) => {
    const out = new URLSearchParams(search);
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined || value === '') out.delete(key);
      else out.set(key, value);
    }
    setSearch(out);
  };
  /** A new filter starts again at page 1. */
  const setFilter = (next: Partial<Filters>) => {
    const out: Record<string, string | undefined> = { page: undefined };
    for (const [key, value] of Object.entries(next))
      out[key] = value === undefined ? undefined : String(value);
    setParams(out);
  };
  const setPage = (page: number, pageSize: number) =>
    setParams({
      page: page > 1 ? String(page) : undefined,
      pageSize: pageSize !== 20 ? String(pageSize) : undefined,
    });

  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);

  const extraSet = !!(filters.tag || filters.special);
  const [expanded, setExpanded] = useState(false);
  const showMore = expanded || extraSet;

  // Another place in the top bar: back to page 1.
  const placeId = place?.id;
  const firstPlace = useRef(placeId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of place resets the page
  useEffect(() => {
    if (firstPlace.current === placeId) return;
    firstPlace.current = placeId;
    if (filters.page !== 1) setParams({ page: undefined });
  }, [placeId]);

  const list = useQuery({
    queryKey: registryKeys.personList(params),
    queryFn: () => registryApi.listPeople(params),
    placeholderData: keepPreviousData,
  });
  const data = list.data;
  const [formMode, setFormMode] = useState<PersonFormMode | null>(null);
  const openHouse = (id: string) => setParams({ house: id });

  const address = (p: PersonRow): ReactNode =>
    p.address && p.houseId ? (
      <Typography.Link className="anju-reg-address-link" onClick={() => openHouse(p.houseId!)}>
        {p.address}
      </Typography.Link>
    ) : (
      <span className="anju-reg-muted">未登记住址</span>
    );

  const columns: TableColumnsType<PersonRow> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 100,
      fixed: 'left',
      render: (name: string, p) => (
        <Link to={`/registry/people/${p.id}`} className="anju-reg-person-name">
          {name}
        </Link>
      ),
    },
    {
      title: '性别',
      dataIndex: 'gender',
      width: 64,
      render: (g: PersonRow['gender']) => (g ? GENDERS[g] : <span className="anju-reg-muted">—</span>),
    },
    {
      title: '出生日期 / 年龄',
      dataIndex: 'birthDate',
      width: 160,
      render: (b: string | null) => <Birth birthDate={b} />,
    },
    {
      title: '证件号',
      key: 'id',
      width: 215,
      render: (_, p) => (
        <MaskedValue personId={p.id} field="idNumber" masked={p.idMasked} personName={p.name} />
      ),
    },
    {
      title: '手机',
      key: 'phone',
      width: 160,
      render: (_, p) => (
        <MaskedValue personId={p.id} field="phone" masked={p.phoneMasked} personName={p.name} />
      ),
    },
    {
      title: '人口类型',
      dataIndex: 'populationType',
      width: 90,
      render: (t: PopulationType) => <PopulationTypeTag type={t} />,
    },
    { title: '住址', key: 'address', width: 210, render: (_, p) => address(p) },
    { title: '标签', key: 'tags', render: (_, p) => <PersonTags person={p} /> },
  ];

  const hasFilters = !!(
    filters.q ||
    filters.populationType ||
    filters.tag ||
    filters.care ||
    filters.special
  );
  const emptyText = (
    <Empty
      description={
        hasFilters ? (
          filters.q ? (
            `没有找到「${filters.q}」。可试试全拼（zhangwei）、首字母（zw）、证件号后4位或地址（3栋2单元501）`
          ) : (
            '没有符合条件的人员，可清空筛选条件后再查'
          )
        ) : canManage ? (
          <span>
            暂无人员，可 <Link to="/registry/import">导入Excel</Link> 或 新增
          </span>
        ) : (
          '暂无人员'
        )
      }
    >
      {hasFilters ? (
        <Button onClick={() => setSearch(new URLSearchParams())}>清空筛选条件</Button>
      ) : (
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormMode({ type: 'create' })}>
            新增人员
          </Button>
        )
      )}
    </Empty>
  );

  const totalText = data ? `共 ${formatTotal(data.total, data.capped)} 人` : '';

  return (
    <div>
      <PageHeader
        title="实有人口"
        description={place ? `当前区域：${place.name}（可在顶部切换）` : '辖区内的户籍、流动、境外与留守人员'}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormMode({ type: 'create' })}>
              新增人员
            </Button>
          )
        }
      />
      <Card className="anju-card anju-reg-search-card">
        <Space.Compact className="anju-reg-search" block>
          <Input
            size="large"
            allowClear
            prefix={<SearchOutlined className="anju-reg-muted" />}
            maxLength={50}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              // Clearing the box with its × shows everyone again.
              if (!e.target.value && filters.q) setFilter({ q: undefined });
            }}
            onPressEnter={() => setFilter({ q: text.trim() || undefined })}
            placeholder="姓名 / 拼音 / 证件号后4位 / 手机号 / 地址如3栋2单元501"
            data-testid="people-search"
            aria-label="搜索人员"
            enterKeyHint="search"
          />
          <Button size="large" type="primary" onClick={() => setFilter({ q: text.trim() || undefined })}>
            搜索
          </Button>
        </Space.Compact>
        <div className="anju-reg-filters">
          <Select
            allowClear
            placeholder="人口类型"
            value={filters.populationType}
            options={codeOptions(POPULATION_TYPES)}
            onChange={(v?: PopulationType) => setFilter({ populationType: v })}
            aria-label="人口类型"
          />
          <Select
            allowClear
            placeholder="关爱类别"
            value={filters.care}
            options={codeOptions(CARE_GROUPS)}
            onChange={(v?: CareGroup) => setFilter({ care: v })}
            aria-label="关爱类别"
          />
          {showMore && (
            <Input
              allowClear
              placeholder="标签，如 党员"
              defaultValue={filters.tag}
              key={filters.tag ?? ''}
              maxLength={20}
              onPressEnter={(e) => setFilter({ tag: e.currentTarget.value.trim() || undefined })}
              onBlur={(e) => {
                const v = e.currentTarget.value.trim() || undefined;
                if (v !== filters.tag) setFilter({ tag: v });
              }}
              aria-label="标签"
            />
          )}
          {showMore && canSpecial && (
            <Select
              allowClear
              placeholder="特殊人群"
              value={filters.special}
              options={codeOptions(SPECIAL_GROUPS)}
              onChange={(v?: SpecialGroup) => setFilter({ special: v })}
              aria-label="特殊人群"
              popupMatchSelectWidth={false}
            />
          )}
          {!extraSet && (
            <Button
              type="link"
              onClick={() => setExpanded((v) => !v)}
              icon={showMore ? <UpOutlined /> : <DownOutlined />}
              iconPlacement="end"
            >
              {showMore ? '收起' : '展开'}
            </Button>
          )}
          {hasFilters && (
            <Button type="link" onClick={() => setSearch(new URLSearchParams())}>
              清空条件
            </Button>
          )}
        </div>
      </Card>

      <Card
        className="anju-card"
        title={data ? `人员列表（${totalText}）` : '人员列表'}
        extra={
          <Space>
            <ExportButton
              list="people"
              filters={{
                placeId: place?.id,
                q: filters.q,
                populationType: filters.populationType,
                tag: filters.tag,
                care: filters.care,
                special: filters.special,
              }}
            />
            <Tooltip title="刷新">
              <Button
                type="text"
                icon={<ReloadOutlined />}
                aria-label="刷新"
                onClick={() => list.refetch()}
              />
            </Tooltip>
          </Space>
        }
      >
        {list.isError && (
          <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
        )}
        <div data-testid="people-table">
          {isMobile ? (
            <Spin spinning={list.isFetching}>
              <List<PersonRow>
                dataSource={data?.items ?? []}
                locale={{ emptyText }}
                renderItem={(p) => (
                  <div className="anju-reg-person-card" data-testid="person-row">
                    <div className="anju-reg-person-head">
                      <Space size={6} wrap>
                        <Link to={`/registry/people/${p.id}`} className="anju-reg-person-name">
                          {p.name}
                        </Link>
                        <PopulationTypeTag type={p.populationType} />
                      </Space>
                      <Typography.Text type="secondary">
                        {[
                          p.gender ? GENDERS[p.gender] : null,
                          ageOf(p.birthDate) !== null ? `${ageOf(p.birthDate)} 岁` : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </Typography.Text>
                    </div>
                    <div>{address(p)}</div>
                    <div className="anju-reg-person-fields">
                      <span className="anju-reg-field">
                        <span className="anju-reg-field-label">证件</span>
                        <MaskedValue
                          personId={p.id}
                          field="idNumber"
                          masked={p.idMasked}
                          personName={p.name}
                        />
                      </span>
                      <span className="anju-reg-field">
                        <span className="anju-reg-field-label">手机</span>
                        <MaskedValue
                          personId={p.id}
                          field="phone"
                          masked={p.phoneMasked}
                          personName={p.name}
                        />
                      </span>
                    </div>
                    <PersonTags person={p} empty={null} />
                  </div>
                )}
              />
            </Spin>
          ) : (
            <Table<PersonRow>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={data?.items ?? []}
              loading={list.isFetching}
              locale={{ emptyText }}
              scroll={{ x: 1100 }}
              onRow={rowProps}
              pagination={false}
            />
          )}
        </div>
        {data && data.total > 0 && (
          <Pagination
            className="anju-pagination"
            current={data.page}
            pageSize={data.pageSize}
            total={data.total}
            simple={isMobile}
            showSizeChanger={!isMobile}
            pageSizeOptions={PAGE_SIZES}
            onChange={setPage}
            showTotal={() => totalText}
          />
        )}
      </Card>
      <PersonFormDrawer mode={formMode} onClose={() => setFormMode(null)} />
      <HouseCard houseId={houseId} onClose={() => setParams({ house: undefined })} />
    </div>
  );
}
