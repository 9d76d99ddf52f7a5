import { DownloadOutlined, DownOutlined, PlusOutlined, ReloadOutlined, UpOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
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
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EVENT_CATEGORIES, EVENT_LEVELS, EVENT_STATUSES } from '../../../shared/grid.js';
import { download, errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { CardListPagination } from '../../app/components/CardListPagination.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs, formatDateTime } from '../../app/format.js';
import { useListParams } from '../../app/listParams.js';
import { type EventBrief, gridApi, gridKeys } from './api.js';
import { opts, StatusTag, UrgencyTag } from './meta.js';
import './grid.css';
import '../registry/tenancies/tenancies.css';

const PAGE_SIZES = [10, 20, 50, 100];
const FILTER_KEYS = [
  'status',
  'category',
  'level',
  'mine',
  'overdue',
  'q',
  'from',
  'to',
  'placeId',
  'campaignId',
  // The records behind a worker's 月考评 (linked from that page, not set here).
  'reporterId',
  'assigneeUserId',
  'closedFrom',
  'closedTo',
] as const;
const STATUS_OPTIONS = [{ value: 'open', label: '未办结' }, ...opts(EVENT_STATUSES)];
const CATEGORY_OPTIONS = Object.entries(EVENT_CATEGORIES).map(([value, c]) => ({ value, label: c.label }));

function Deadline({ row }: { row: EventBrief }) {
  return (
    <span className={row.overdue ? 'anju-grid-overdue anju-mono' : 'anju-mono'}>
      {formatDateTime(row.deadlineAt)}
      {row.overdue && '（超期）'}
    </span>
  );
}

export function EventsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const isMobile = Grid.useBreakpoint().md === false;
  const { page, pageSize, filters: f, set, clear } = useListParams(FILTER_KEYS, PAGE_SIZES);

  const [form] = Form.useForm<{ q?: string }>();
  // On a phone the common filters show; 类别, 层级, 地点 and dates wait behind 更多筛选.
  const [more, setMore] = useState(false);
  const showAll = !isMobile || more || !!(f.category || f.level || f.placeId || f.from);
  useEffect(() => form.setFieldsValue({ q: f.q }), [form, f.q]);

  const query = { ...f, page, pageSize };
  const list = useQuery({
    queryKey: gridKeys.events(query),
    queryFn: () => gridApi.events(query),
    placeholderData: keepPreviousData,
  });
  const data = list.data;
  const hasFilters = FILTER_KEYS.some((k) => f[k]);
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  // The whole filtered list, not just this page.
  const exportList = async () => {
    setExporting(true);
    try {
      const filters = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
      await download('/api/v1/grid/events/export', {
        method: 'POST',
        body: { filters },
        fileName: '事件列表.xlsx',
      });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<EventBrief> = [
    {
      title: '编号',
      dataIndex: 'no',
      width: 150,
      fixed: 'left',
      render: (no: string, row) => (
        <Link className="anju-mono" to={`/grid/events/${row.id}`}>
          {no}
        </Link>
      ),
    },
    {
      title: '标题',
      dataIndex: 'title',
      render: (title: string, row) => (
        <Space size={4} wrap>
          <Link to={`/grid/events/${row.id}`}>{title}</Link>
          <UrgencyTag urgency={row.urgency} />
          {row.supervisedCount > 0 && (
            <Typography.Text type="danger">督办×{row.supervisedCount}</Typography.Text>
          )}
        </Space>
      ),
    },
    { title: '类别', dataIndex: 'categoryLabel', width: 130 },
    { title: '地点', dataIndex: 'placeName', width: 130 },
    { title: '状态', dataIndex: 'status', width: 90, render: (_, row) => <StatusTag status={row.status} /> },
    {
      title: '承办',
      dataIndex: 'assigneeLabel',
      width: 130,
      render: (v: string, row) => (
        <div className="anju-rg-names">
          <span>{v}</span>
          <span className="anju-rg-sub">{EVENT_LEVELS[row.level]}层级</span>
        </div>
      ),
    },
    { title: '期限', key: 'deadline', width: 110, render: (_, row) => <Deadline row={row} /> },
    {
      title: '上报时间',
      dataIndex: 'createdAt',
      width: 110,
      render: (v: string) => <span className="anju-mono">{formatDateTime(v)}</span>,
    },
  ];

  const emptyText = (
    <Empty
      description={
        hasFilters
          ? '没有符合条件的事件，可清空筛选条件后再查'
          : `暂无事件${can('grid.report') ? '，可点击「上报事件」登记' : ''}`
      }
    >
      {hasFilters && <Button onClick={() => clear()}>清空筛选条件</Button>}
    </Empty>
  );

  return (
    <div>
      <PageHeader
        title="事件列表"
        description="网格上报、居民诉求与各方转来的事件，按 受理 → 处置 → 办结 → 回访 → 归档 办理"
        extra={
          can('grid.report') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/grid/report')}>
              上报事件
            </Button>
          )
        }
      />
      <Card className="anju-card anju-query-card">
        <Form
          form={form}
          layout={isMobile ? 'vertical' : 'inline'}
          className="anju-query-form"
          onFinish={(v) => set({ q: v.q?.trim() || undefined })}
        >
          <Form.Item label="关键字" name="q">
            <Input allowClear maxLength={50} placeholder="编号或标题" />
          </Form.Item>
          <Form.Item label="状态">
            <Select
              allowClear
              placeholder="全部状态"
              style={{ minWidth: 120 }}
              value={f.status}
              options={STATUS_OPTIONS}
              onChange={(status?: string) => set({ status })}
            />
          </Form.Item>
          <Form.Item label="类别" hidden={!showAll}>
            <Select
              allowClear
              placeholder="全部类别"
              style={{ minWidth: 120 }}
              value={f.category}
              options={CATEGORY_OPTIONS}
              onChange={(category?: string) => set({ category })}
            />
          </Form.Item>
          <Form.Item label="层级" hidden={!showAll}>
            <Select
              allowClear
              placeholder="全部层级"
              style={{ minWidth: 100 }}
              value={f.level}
              options={opts(EVENT_LEVELS)}
              onChange={(level?: string) => set({ level })}
            />
          </Form.Item>
          <Form.Item label="地点" hidden={!showAll}>
            <PlaceTreeSelect
              value={f.placeId}
              style={{ minWidth: 180 }}
              placeholder="全部区域"
              onChange={(placeId) => set({ placeId })}
            />
          </Form.Item>
          <Form.Item label="上报日期" hidden={!showAll}>
            <DatePicker.RangePicker
              style={{ maxWidth: '100%' }}
              value={f.from && f.to ? [dayjs(f.from), dayjs(f.to)] : null}
              onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
            />
          </Form.Item>
          <Form.Item>
            <Space wrap>
              <Checkbox
                checked={f.mine === 'true'}
                onChange={(e) => set({ mine: e.target.checked ? 'true' : undefined })}
              >
                只看我的
              </Checkbox>
              <Checkbox
                checked={f.overdue === 'true'}
                onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}
              >
                只看超期
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
                  clear();
                }}
              >
                重置
              </Button>
              {isMobile && (
                <Button
                  type="link"
                  onClick={() => setMore((v) => !v)}
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
        title={data ? `事件（共 ${data.total} 件）` : '事件'}
        extra={
          <Space size={4}>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              disabled={!data?.total}
              onClick={exportList}
            >
              导出
            </Button>
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
        {isMobile ? (
          <>
            <List<EventBrief>
              className="anju-rg-card-list"
              loading={list.isFetching && !data}
              dataSource={data?.items ?? []}
              locale={{ emptyText: data ? emptyText : <div className="anju-rg-wait" /> }}
              renderItem={(row) => (
                <List.Item data-testid="event-row">
                  <div className="anju-rg-card-head">
                    <Link className="anju-rg-card-title" to={`/grid/events/${row.id}`}>
                      {row.title}
                    </Link>
                    <Space size={4}>
                      <UrgencyTag urgency={row.urgency} />
                      <StatusTag status={row.status} />
                    </Space>
                  </div>
                  <div className="anju-rg-card-row">
                    <span className="anju-rg-card-label">编号</span>
                    <span className="anju-mono">{row.no}</span>
                  </div>
                  <div className="anju-rg-card-row">
                    <span className="anju-rg-card-label">类别</span>
                    <span>{row.categoryLabel}</span>
                  </div>
                  <div className="anju-rg-card-row">
                    <span className="anju-rg-card-label">地点</span>
                    <span>{row.placeName}</span>
                  </div>
                  <div className="anju-rg-card-row">
                    <span className="anju-rg-card-label">承办</span>
                    <span>{row.assigneeLabel}</span>
                  </div>
                  <div className="anju-rg-card-row">
                    <span className="anju-rg-card-label">期限</span>
                    <Deadline row={row} />
                  </div>
                  <div className="anju-rg-card-row">
                    <span className="anju-rg-card-label">上报</span>
                    <span className="anju-mono">{formatDateTime(row.createdAt)}</span>
                  </div>
                </List.Item>
              )}
            />
            <CardListPagination data={data} unit="件" onChange={(p, s) => set({ page: p, pageSize: s })} />
          </>
        ) : (
          <Table<EventBrief>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText: data ? emptyText : <div className="anju-rg-wait" /> }}
            scroll={{ x: 1050 }}
            onRow={() => ({ 'data-testid': 'event-row' }) as React.HTMLAttributes<HTMLElement>}
            pagination={{
              current: data?.page ?? page,
              pageSize: data?.pageSize ?? pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              showTotal: (n) => `共 ${n} 件`,
              onChange: (p, s) => set({ page: s !== pageSize ? 1 : p, pageSize: s === 20 ? undefined : s }),
            }}
          />
        )}
      </Card>
    </div>
  );
}
