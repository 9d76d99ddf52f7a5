import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CASE_LEVELS, CASE_STATUSES, OUTCOMES } from '../../../shared/mediation.js';
import { download, errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { CardListPagination } from '../../app/components/CardListPagination.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { useListParams } from '../../app/listParams.js';
import { type CaseRow, mediationApi, mediationKeys } from './api.js';
import { CATEGORY_FILTER, CaseStatusTag, day, opts, RiskTag } from './meta.js';
import './mediation.css';

const PAGE_SIZES = [10, 20, 50, 100];
const FILTER_KEYS = ['status', 'level', 'category', 'risk', 'overNorm', 'mine', 'placeId', 'q'] as const;
const STATUS_OPTIONS = [{ value: 'open', label: '在办（待受理、调解中）' }, ...opts(CASE_STATUSES)];

export function CasesPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const isMobile = Grid.useBreakpoint().md === false;
  const { page, pageSize, filters: f, set, clear } = useListParams(FILTER_KEYS, PAGE_SIZES);
  const [form] = Form.useForm<{ q?: string }>();
  useEffect(() => form.setFieldsValue({ q: f.q }), [form, f.q]);
  const query = { ...f, page, pageSize };
  const list = useQuery({
    queryKey: mediationKeys.cases(query),
    queryFn: () => mediationApi.cases(query),
    placeholderData: keepPreviousData,
  });
  const hasFilters = FILTER_KEYS.some((k) => f[k]);
  const [exporting, setExporting] = useState(false);
  const exportList = async () => {
    setExporting(true);
    try {
      const filters = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
      await download('/api/v1/mediation/cases/export', {
        method: 'POST',
        body: { filters },
        fileName: '调解案件.xlsx',
      });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<CaseRow> = [
    {
      title: '案件编号',
      dataIndex: 'no',
      width: 140,
      render: (no: string, row) => (
        <Link className="anju-mono" to={`/mediation/cases/${row.id}`}>
          {no}
        </Link>
      ),
    },
    {
      title: '案件名称',
      dataIndex: 'title',
      render: (title: string, row) => (
        <Space size={4} wrap>
          <Link to={`/mediation/cases/${row.id}`}>{title}</Link>
          <RiskTag flag={row.riskFlag} level={row.riskLevel} />
          {row.overNorm && <Typography.Text type="danger">超一个月</Typography.Text>}
        </Space>
      ),
    },
    { title: '类别', dataIndex: 'categoryLabel', width: 150 },
    { title: '当事人', dataIndex: 'parties', width: 140, ellipsis: true },
    { title: '调解员', dataIndex: 'mediators', width: 100, ellipsis: true },
    {
      title: '层级',
      dataIndex: 'level',
      width: 110,
      render: (v: keyof typeof CASE_LEVELS, row) => (
        <div>
          {CASE_LEVELS[v]}
          <div className="anju-rg-sub">{row.placeName}</div>
        </div>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (_, row) => (
        <Space size={2} direction="vertical">
          <CaseStatusTag status={row.status} />
          {row.outcome && row.outcome !== 'failed' && (
            <Typography.Text type="secondary">{OUTCOMES[row.outcome]}</Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '登记日期',
      dataIndex: 'createdAt',
      width: 110,
      render: (v: string) => <span className="anju-mono">{day(v)}</span>,
    },
  ];

  const empty = (
    <Empty description={hasFilters ? '没有符合条件的案件，可清空筛选条件后再查' : '暂无调解案件'}>
      {hasFilters && <Button onClick={() => clear()}>清空筛选条件</Button>}
    </Empty>
  );

  return (
    <div>
      <PageHeader
        title="调解案件"
        description="矛盾纠纷的登记、受理、调解、协议、回访与结案；小事不出小区，大事不出社区"
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportList}>
              导出
            </Button>
            {can('mediation.work') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/mediation/cases/new')}>
                纠纷登记
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
          onFinish={(v) => set({ q: v.q?.trim() || undefined })}
        >
          <Form.Item name="q" label="关键词">
            <Input.Search
              allowClear
              placeholder="案件名称、编号或当事人"
              onSearch={(q) => set({ q: q.trim() || undefined })}
              style={{ width: 240 }}
            />
          </Form.Item>
          <Form.Item label="状态">
            <Select
              allowClear
              style={{ width: 190 }}
              placeholder="全部"
              options={STATUS_OPTIONS}
              value={f.status}
              onChange={(v) => set({ status: v })}
            />
          </Form.Item>
          <Form.Item label="类别">
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder="全部"
              options={CATEGORY_FILTER}
              value={f.category}
              onChange={(v) => set({ category: v })}
            />
          </Form.Item>
          <Form.Item label="层级">
            <Select
              allowClear
              style={{ width: 100 }}
              placeholder="全部"
              options={opts(CASE_LEVELS)}
              value={f.level}
              onChange={(v) => set({ level: v })}
            />
          </Form.Item>
          <Form.Item label="地点">
            <PlaceTreeSelect
              value={f.placeId}
              onChange={(v: string | undefined) => set({ placeId: v })}
              style={{ width: 200 }}
            />
          </Form.Item>
          <Form.Item>
            <Select
              allowClear
              style={{ width: 150 }}
              placeholder="更多条件"
              value={f.mine ? 'mine' : f.risk ? 'risk' : f.overNorm ? 'overNorm' : undefined}
              options={[
                { value: 'mine', label: '我调解的' },
                { value: 'risk', label: '有激化风险' },
                { value: 'overNorm', label: '超过一个月' },
              ]}
              onChange={(v) =>
                set({
                  mine: v === 'mine' ? 'true' : undefined,
                  risk: v === 'risk' ? 'true' : undefined,
                  overNorm: v === 'overNorm' ? 'true' : undefined,
                })
              }
            />
          </Form.Item>
        </Form>
      </Card>
      <Card className="anju-card">
        {isMobile ? (
          <>
            <List
              loading={list.isLoading}
              dataSource={list.data?.items ?? []}
              locale={{ emptyText: empty }}
              renderItem={(row) => (
                <List.Item
                  onClick={() => navigate(`/mediation/cases/${row.id}`)}
                  style={{ cursor: 'pointer' }}
                >
                  <List.Item.Meta
                    title={
                      <Space size={4} wrap>
                        <span>{row.title}</span>
                        <CaseStatusTag status={row.status} />
                        <RiskTag flag={row.riskFlag} level={row.riskLevel} />
                      </Space>
                    }
                    description={`${row.no} · ${row.categoryLabel} · ${row.parties || '当事人未登记'} · ${day(row.createdAt)}`}
                  />
                </List.Item>
              )}
            />
            <CardListPagination
              data={list.data}
              unit="件"
              onChange={(p, s) => set({ page: p, pageSize: s === 20 ? undefined : s })}
            />
          </>
        ) : (
          <Table
            rowKey="id"
            size="middle"
            loading={list.isLoading}
            columns={columns}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: empty }}
            scroll={{ x: 1000 }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              pageSizeOptions: PAGE_SIZES,
              showSizeChanger: true,
              showTotal: (n) => `共 ${n} 件`,
              onChange: (p, s) => set({ page: p, pageSize: s === 20 ? undefined : s }),
            }}
          />
        )}
      </Card>
    </div>
  );
}
