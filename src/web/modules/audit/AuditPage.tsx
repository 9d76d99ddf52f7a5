import { DownOutlined, ReloadOutlined, SafetyCertificateOutlined, UpOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Pagination,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../app/api.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { dayjs, formatDateTime, formatDateTimeSeconds, fromNow } from '../../app/format.js';
import { useCurrentPlace } from '../../app/place.js';
import { AuditDiff } from './AuditDiff.js';
import { type AuditEvent, type AuditQuery, auditApi, auditKeys } from './api.js';

const PAGE_SIZES = [20, 50, 100, 200];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// The last segment of an action code is its verb; known verbs get a Chinese word beside the code.
const VERB_LABELS: Record<string, string> = {
  create: '新增',
  update: '修改',
  delete: '删除',
  move: '移动',
  login: '登录',
  logout: '退出登录',
  login_failed: '登录失败',
  locked: '锁定',
  reveal: '查看敏感信息',
  activate: '启用',
  deactivate: '停用',
  reset_password: '重置密码',
  change_password: '修改密码',
  password_changed: '修改密码',
  assign: '授权',
  set_assignments: '授权',
  assignments: '授权',
  load: '载入数据',
  loaded: '载入数据',
};

const TARGET_LABELS: Record<string, string> = {
  place: '区域',
  user: '用户',
  role: '角色',
  session: '登录会话',
};

function readQuery(search: URLSearchParams): AuditQuery {
  const page = Number(search.get('page'));
  const pageSize = Number(search.get('pageSize'));
  const date = (key: string) => {
    const value = search.get(key);
    return value && DATE.test(value) ? value : undefined;
  };
  return {
    actor: search.get('actor') || undefined,
    action: search.get('action') || undefined,
    targetType: search.get('targetType') || undefined,
    targetId: search.get('targetId') || undefined,
    from: date('from'),
    to: date('to'),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

function writeQuery(query: AuditQuery): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of ['actor', 'action', 'targetType', 'targetId', 'from', 'to'] as const) {
    if (query[key]) out.set(key, query[key]);
  }
  if (query.page > 1) out.set('page', String(query.page));
  if (query.pageSize !== 20) out.set('pageSize', String(query.pageSize));
  return out;
}

function ActionLabel({ action }: { action: string }) {
  const verb = VERB_LABELS[action.split('.').at(-1) ?? ''];
  return (
    <Space size={4} wrap>
      {verb && <Tag color={verb === '删除' || verb === '登录失败' ? 'red' : 'blue'}>{verb}</Tag>}
      <span className="anju-mono">{action}</span>
    </Space>
  );
}

interface FilterValues {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  range?: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null;
}

export function AuditPage() {
  const [search, setSearch] = useSearchParams();
  const { place } = useCurrentPlace();
  const query: AuditQuery = { ...readQuery(search), placeId: place?.id };
  const [form] = Form.useForm<FilterValues>();
  const [expanded, setExpanded] = useState(!!(query.targetId || query.targetType));
  const [openSeq, setOpenSeq] = useState<number | null>(null);
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;

  useEffect(() => {
    form.setFieldsValue({
      actor: query.actor,
      action: query.action,
      targetType: query.targetType,
      targetId: query.targetId,
      range:
        query.from || query.to
          ? [query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null]
          : null,
    });
  }, [form, query.actor, query.action, query.targetType, query.targetId, query.from, query.to]);

  const list = useQuery({
    queryKey: auditKeys.list(query),
    queryFn: () => auditApi.list(query),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: auditApi.verify });

  const apply = (values: FilterValues) => {
    const [from, to] = values.range ?? [];
    setSearch(
      writeQuery({
        actor: values.actor?.trim() || undefined,
        action: values.action?.trim() || undefined,
        targetType: values.targetType?.trim() || undefined,
        targetId: values.targetId?.trim() || undefined,
        from: from ? from.format('YYYY-MM-DD') : undefined,
        to: to ? to.format('YYYY-MM-DD') : undefined,
        page: 1,
        pageSize: query.pageSize,
      }),
    );
  };

  const columns: TableColumnsType<AuditEvent> = [
    {
      title: '序号',
      dataIndex: 'seq',
      width: 80,
      render: (v: number) => <span className="anju-mono">{v}</span>,
    },
    {
      title: '时间',
      dataIndex: 'at',
      width: 150,
      render: (v: string) => (
        <Tooltip title={`${formatDateTimeSeconds(v)}（${fromNow(v)}）`}>{formatDateTime(v)}</Tooltip>
      ),
    },
    {
      title: '操作人',
      dataIndex: 'actorName',
      width: 170,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">系统</Typography.Text>,
    },
    {
      title: '操作',
      dataIndex: 'action',
      width: 270,
      render: (action: string) => <ActionLabel action={action} />,
    },
    {
      title: '对象',
      key: 'target',
      render: (_, event) =>
        event.targetType ? (
          <Space size={4} wrap>
            <Tag>{TARGET_LABELS[event.targetType] ?? event.targetType}</Tag>
            {event.targetId && (
              <Tooltip title={`按此对象筛选：${event.targetId}`}>
                <Typography.Link
                  className="anju-mono"
                  onClick={() =>
                    setSearch(
                      writeQuery({
                        ...query,
                        targetType: event.targetType ?? undefined,
                        targetId: event.targetId ?? undefined,
                        page: 1,
                      }),
                    )
                  }
                >
                  {event.targetId.slice(0, 8)}
                </Typography.Link>
              </Tooltip>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: 'IP 地址',
      dataIndex: 'ip',
      width: 140,
      render: (v: string | null) => <span className="anju-mono">{v ?? '—'}</span>,
    },
  ];

  const hasFilters = !!(
    query.actor ||
    query.action ||
    query.targetType ||
    query.targetId ||
    query.from ||
    query.to
  );
  const data = list.data;
  const emptyText = (
    <Empty description={hasFilters ? '没有符合条件的记录，可放宽日期范围或清空筛选条件' : '暂无审计记录'}>
      {hasFilters && <Button onClick={() => setSearch(new URLSearchParams())}>清空筛选条件</Button>}
    </Empty>
  );

  return (
    <div>
      <PageHeader
        title="审计日志"
        description="所有写操作和敏感信息查看都会记录，记录首尾相连、不可篡改"
        extra={
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            校验完整性
          </Button>
        }
      />
      {verify.isError && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => verify.reset() }}
          className="anju-block-gap"
          title={errorMessage(verify.error)}
        />
      )}
      {verify.data &&
        (verify.data.ok ? (
          <Alert
            type="success"
            showIcon
            closable={{ onClose: () => verify.reset() }}
            className="anju-block-gap"
            title={`审计链完整，已校验 ${verify.data.checked} 条`}
          />
        ) : (
          <Alert
            type="error"
            showIcon
            closable={{ onClose: () => verify.reset() }}
            className="anju-block-gap"
            title={
              verify.data.broken
                ? `审计链在第 ${verify.data.broken.seq} 条处断裂：${verify.data.broken.reason}`
                : '审计链校验未通过'
            }
            description={`已校验 ${verify.data.checked} 条。记录可能被改动或删除，请立即保全数据库备份并报告系统管理员。`}
          />
        ))}

      <Card className="anju-card anju-query-card">
        <Form<FilterValues>
          form={form}
          layout={isMobile ? 'vertical' : 'inline'}
          className="anju-query-form"
          onFinish={apply}
        >
          <Form.Item label="操作人" name="actor">
            <Input allowClear placeholder="姓名或用户名" maxLength={64} />
          </Form.Item>
          <Form.Item label="操作" name="action" hidden={isMobile && !expanded}>
            <Input allowClear placeholder="如 user.create" maxLength={64} />
          </Form.Item>
          <Form.Item label="日期范围" name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: isMobile ? '100%' : 260 }} />
          </Form.Item>
          {expanded && (
            <>
              <Form.Item label="对象类型" name="targetType">
                <Input allowClear placeholder="如 user、place、role" maxLength={64} />
              </Form.Item>
              <Form.Item label="对象编号" name="targetId">
                <Input allowClear placeholder="对象的完整编号" maxLength={64} />
              </Form.Item>
            </>
          )}
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setSearch(new URLSearchParams());
                }}
              >
                重置
              </Button>
              <Button
                type="link"
                onClick={() => setExpanded((v) => !v)}
                icon={expanded ? <UpOutlined /> : <DownOutlined />}
                iconPlacement="end"
              >
                {expanded ? '收起' : '展开'}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>

      <Card
        className="anju-card"
        title={data ? `审计记录（共 ${data.total} 条）` : '审计记录'}
        extra={
          <Tooltip title="刷新">
            <Button type="text" icon={<ReloadOutlined />} aria-label="刷新" onClick={() => list.refetch()} />
          </Tooltip>
        }
      >
        {list.isError && (
          <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
        )}
        {isMobile ? (
          <>
            <List<AuditEvent>
              loading={list.isFetching && !data}
              dataSource={data?.items ?? []}
              locale={{ emptyText }}
              renderItem={(event) => (
                <List.Item className="anju-user-item anju-audit-item">
                  <button
                    type="button"
                    className="anju-audit-item-head"
                    onClick={() => setOpenSeq((seq) => (seq === event.seq ? null : event.seq))}
                    aria-expanded={openSeq === event.seq}
                  >
                    <span className="anju-audit-item-line">
                      <Typography.Text strong>{event.actorName ?? '系统'}</Typography.Text>
                      <Typography.Text type="secondary">{formatDateTime(event.at)}</Typography.Text>
                    </span>
                    <span className="anju-audit-item-line">
                      <ActionLabel action={event.action} />
                      <Typography.Text type="secondary" className="anju-mono">
                        #{event.seq} {openSeq === event.seq ? <UpOutlined /> : <DownOutlined />}
                      </Typography.Text>
                    </span>
                  </button>
                  {openSeq === event.seq && <AuditDiff event={event} />}
                </List.Item>
              )}
            />
            {data && data.total > 0 && (
              <Pagination
                className="anju-pagination"
                simple
                current={data.page}
                pageSize={data.pageSize}
                total={data.total}
                onChange={(page) => setSearch(writeQuery({ ...query, page }))}
              />
            )}
          </>
        ) : (
          <Table<AuditEvent>
            rowKey="seq"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: 900 }}
            expandable={{ expandedRowRender: (event) => <AuditDiff event={event} /> }}
            locale={{
              emptyText: (
                <Empty
                  description={
                    hasFilters ? '没有符合条件的记录，可放宽日期范围或清空筛选条件' : '暂无审计记录'
                  }
                >
                  {hasFilters && (
                    <Button onClick={() => setSearch(new URLSearchParams())}>清空筛选条件</Button>
                  )}
                </Empty>
              ),
            }}
            pagination={{
              current: data?.page ?? query.page,
              pageSize: data?.pageSize ?? query.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              showTotal: (total) => `共 ${total} 条`,
              onChange: (page, pageSize) =>
                setSearch(writeQuery({ ...query, page: pageSize !== query.pageSize ? 1 : page, pageSize })),
            }}
          />
        )}
      </Card>
    </div>
  );
}
