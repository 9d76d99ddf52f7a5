import { DownOutlined, ReloadOutlined, UpOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Dropdown,
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
import { type ReactNode, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { HOUSE_USES, type HouseUse } from '../../../../shared/registry.js';
import { errorMessage } from '../../../app/api.js';
import { useAuth } from '../../../app/auth.js';
import { CardListPagination } from '../../../app/components/CardListPagination.js';
import { useCurrentPlace } from '../../../app/place.js';
import { type HouseListParams, type HouseRow, registryApi, registryKeys } from '../shared/api.js';
import { ExportButton } from '../shared/ExportButton.js';
import { formatArea } from '../shared/format.js';
import { codeOptions, FreeTags, HouseUseTag } from '../shared/labels.js';

export const PAGE_SIZES = [10, 20, 50, 100];
export type HouseFilters = Omit<HouseListParams, 'placeId'>;

export function readHouseFilters(search: URLSearchParams): HouseFilters {
  const page = Number(search.get('page'));
  const pageSize = Number(search.get('pageSize'));
  const use = search.get('use');
  return {
    q: search.get('q') || undefined,
    use: use && use in HOUSE_USES ? (use as HouseUse) : undefined,
    tag: search.get('tag') || undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

/** The 房屋列表 tab: query form, table, paging and 导出. */
export function HouseList({
  filters,
  setFilters,
  onOpen,
  onEdit,
  createButton,
}: {
  filters: HouseFilters;
  setFilters(next: Partial<HouseFilters>): void;
  onOpen(houseId: string): void;
  onEdit(houseId: string): void;
  createButton: ReactNode;
}) {
  const { can } = useAuth();
  const canManage = can('registry.manage');
  const { place } = useCurrentPlace();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const params: HouseListParams = { ...filters, placeId: place?.id };
  const list = useQuery({
    queryKey: registryKeys.houseList(params),
    queryFn: () => registryApi.listHouses(params),
    placeholderData: keepPreviousData,
  });
  const data = list.data;

  const [form] = Form.useForm<{ q?: string; use?: HouseUse; tag?: string }>();
  const [moreFilters, setMoreFilters] = useState(false);
  const showAllFilters = !isMobile || moreFilters || !!filters.use || !!filters.tag;
  useEffect(() => {
    form.setFieldsValue({ q: filters.q, use: filters.use, tag: filters.tag });
  }, [form, filters.q, filters.use, filters.tag]);

  const confirmDelete = (h: HouseRow) => {
    modal.confirm({
      title: `删除房屋「${h.address}」？`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      content:
        h.residentCount > 0
          ? `该房屋现住 ${h.residentCount} 人，系统会拒绝删除；请先为住户办理迁出。`
          : '将同时删除其产权人信息，删除后不可恢复。有居住或出租记录的房屋无法删除。此操作将记入审计日志。',
      onOk: async () => {
        try {
          await registryApi.deleteHouse(h.id);
        } catch (error) {
          modal.error({ title: '无法删除', content: errorMessage(error) });
          return;
        }
        message.success(`已删除房屋「${h.address}」`);
        await queryClient.invalidateQueries({ queryKey: registryKeys.all });
      },
    });
  };

  const columns: TableColumnsType<HouseRow> = [
    {
      title: '地址',
      dataIndex: 'address',
      fixed: isMobile ? undefined : 'left',
      render: (address: string, h) => (
        <Space size={4} wrap>
          <Typography.Link onClick={() => onOpen(h.id)}>{address}</Typography.Link>
          <FreeTags tags={h.tags} />
        </Space>
      ),
    },
    { title: '楼层', dataIndex: 'floor', width: 80, render: (f: number) => `${f} 层` },
    {
      title: '面积',
      dataIndex: 'area',
      width: 120,
      align: 'right',
      render: (a: string | null) => formatArea(a),
    },
    { title: '用途', dataIndex: 'use', width: 90, render: (u: HouseUse) => <HouseUseTag use={u} /> },
    {
      title: '住户数',
      dataIndex: 'residentCount',
      width: 90,
      align: 'right',
      render: (n: number) => (n > 0 ? `${n} 人` : <span className="anju-reg-muted">无</span>),
    },
    {
      title: '产权人',
      dataIndex: 'ownerNames',
      width: 180,
      render: (names: string[]) =>
        names.length ? names.join('、') : <span className="anju-reg-muted">未登记</span>,
    },
    {
      title: '操作',
      key: 'actions',
      width: canManage ? 150 : 70,
      fixed: isMobile ? undefined : 'right',
      render: (_, h) => (
        <Space size={8}>
          <Typography.Link onClick={() => onOpen(h.id)}>查看</Typography.Link>
          {canManage && <Typography.Link onClick={() => onEdit(h.id)}>编辑</Typography.Link>}
          {canManage && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [{ key: 'delete', label: '删除', danger: true }],
                onClick: () => confirmDelete(h),
              }}
            >
              <Typography.Link>
                更多 <DownOutlined style={{ fontSize: 10 }} />
              </Typography.Link>
            </Dropdown>
          )}
        </Space>
      ),
    },
  ];

  const hasFilters = !!(filters.q || filters.use || filters.tag);
  const emptyText = (
    <Empty
      description={
        hasFilters ? (
          '没有符合条件的房屋，可换个地址写法（如 3栋2单元501、3-2-501）或清空筛选条件'
        ) : canManage ? (
          <span>
            暂无房屋，可 <Link to="/registry/import">导入Excel</Link> 或 新增
          </span>
        ) : (
          '暂无房屋'
        )
      }
    >
      {hasFilters ? (
        <Button onClick={() => setFilters({ q: undefined, use: undefined, tag: undefined, page: 1 })}>
          清空筛选条件
        </Button>
      ) : (
        createButton
      )}
    </Empty>
  );

  return (
    <>
      <Card className="anju-card anju-query-card">
        <Form
          form={form}
          layout={isMobile ? 'vertical' : 'inline'}
          className="anju-query-form"
          onFinish={(v) =>
            setFilters({ q: v.q?.trim() || undefined, use: v.use, tag: v.tag?.trim() || undefined, page: 1 })
          }
        >
          <Form.Item label="地址 / 房号" name="q">
            <Input
              allowClear
              placeholder="如 3栋2单元501、3-2-501、3栋"
              maxLength={50}
              style={{ minWidth: 220 }}
            />
          </Form.Item>
          <Form.Item label="用途" name="use" hidden={!showAllFilters}>
            <Select
              allowClear
              placeholder="全部用途"
              options={codeOptions(HOUSE_USES)}
              style={{ minWidth: 120 }}
            />
          </Form.Item>
          <Form.Item label="标签" name="tag" hidden={!showAllFilters}>
            <Input
              allowClear
              placeholder="如 群租"
              maxLength={20}
              style={isMobile ? undefined : { width: 140 }}
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
                  setFilters({ q: undefined, use: undefined, tag: undefined, page: 1 });
                }}
              >
                重置
              </Button>
              {isMobile && (
                <Button
                  type="link"
                  onClick={() => setMoreFilters((v) => !v)}
                  icon={showAllFilters ? <UpOutlined /> : <DownOutlined />}
                  iconPlacement="end"
                >
                  {showAllFilters ? '收起' : '更多筛选'}
                </Button>
              )}
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card
        className="anju-card"
        title={data ? `房屋列表（共 ${data.total} 户）` : '房屋列表'}
        extra={
          <Space>
            <ExportButton
              list="houses"
              filters={{ placeId: place?.id, q: filters.q, use: filters.use, tag: filters.tag }}
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
        {isMobile ? (
          <>
            <List<HouseRow>
              loading={list.isFetching && !data}
              dataSource={data?.items ?? []}
              locale={{ emptyText }}
              renderItem={(h) => (
                <div className="anju-reg-person-card">
                  <div className="anju-reg-person-head">
                    <Typography.Link strong onClick={() => onOpen(h.id)} className="anju-reg-address-link">
                      {h.address}
                    </Typography.Link>
                    <HouseUseTag use={h.use} />
                  </div>
                  <Typography.Text type="secondary">
                    {h.floor} 层 · {formatArea(h.area)} ·{' '}
                    {h.residentCount > 0 ? `现住 ${h.residentCount} 人` : '无人居住'}
                  </Typography.Text>
                  <div className="anju-reg-person-fields">
                    <span className="anju-reg-field">
                      <span className="anju-reg-field-label">产权人</span>
                      {h.ownerNames.length ? (
                        h.ownerNames.join('、')
                      ) : (
                        <span className="anju-reg-muted">未登记</span>
                      )}
                    </span>
                  </div>
                  {h.tags.length > 0 && (
                    <div>
                      <FreeTags tags={h.tags} />
                    </div>
                  )}
                </div>
              )}
            />
            <CardListPagination
              data={data}
              unit="户"
              onChange={(page, pageSize) => setFilters({ page, pageSize })}
            />
          </>
        ) : (
          <Table<HouseRow>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText }}
            scroll={{ x: 900 }}
            pagination={{
              current: data?.page ?? filters.page,
              pageSize: data?.pageSize ?? filters.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: !isMobile,
              pageSizeOptions: PAGE_SIZES,
              simple: isMobile,
              showTotal: (total) => `共 ${total} 户`,
              onChange: (page, pageSize) => setFilters({ page, pageSize }),
            }}
          />
        )}
      </Card>
    </>
  );
}
