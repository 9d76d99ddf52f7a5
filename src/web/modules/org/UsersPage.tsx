import { DownOutlined, PlusOutlined, ReloadOutlined, UpOutlined } from '@ant-design/icons';
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
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../app/api.js';
import { useAuth, useMe } from '../../app/auth.js';
import { CardListPagination } from '../../app/components/CardListPagination.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { formatDateTime, fromNow, isFuture } from '../../app/format.js';
import { useCurrentPlace } from '../../app/place.js';
import { orgApi, orgKeys, type User, type UserListParams } from './api.js';
import {
  AssignmentsModal,
  CreateUserDrawer,
  EditUserModal,
  ResetPasswordModal,
  RevealPhoneModal,
} from './UserDialogs.js';

const PAGE_SIZES = [10, 20, 50, 100];

function readParams(search: URLSearchParams): Omit<UserListParams, 'placeId'> {
  const page = Number(search.get('page'));
  const pageSize = Number(search.get('pageSize'));
  const active = search.get('active');
  return {
    q: search.get('q') || undefined,
    roleId: search.get('roleId') || undefined,
    active: active === 'true' || active === 'false' ? active : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

function StatusTags({ user }: { user: User }) {
  const locked = isFuture(user.lockedUntil);
  return (
    <Space size={4} wrap>
      {!user.active ? (
        <Tag>停用</Tag>
      ) : locked ? (
        <Tooltip title={`连续输错密码，锁定至 ${formatDateTime(user.lockedUntil)}`}>
          <Tag color="red">锁定</Tag>
        </Tooltip>
      ) : (
        <Tag color="green">启用</Tag>
      )}
      {user.mustChangePassword && (
        <Tooltip title="首次登录或密码被重置后，须先修改密码">
          <Tag color="orange">待改密</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

function AssignmentTags({ user }: { user: User }) {
  if (user.assignments.length === 0) return <Typography.Text type="secondary">未授权</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {user.assignments.map((a) => (
        <Tag key={`${a.roleId}:${a.placeId ?? 'global'}`} color="blue" className="anju-assignment-tag">
          {a.roleName}
          <span className="anju-assignment-tag-place">· {a.placeName ?? '全局'}</span>
        </Tag>
      ))}
    </Space>
  );
}

export function UsersPage() {
  const me = useMe();
  const { can } = useAuth();
  const canManage = can('org.user.manage');
  const canReveal = can('pii.reveal');
  const { place } = useCurrentPlace();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;

  const [search, setSearch] = useSearchParams();
  const filters = readParams(search);
  const params: UserListParams = { ...filters, placeId: place?.id };

  const [form] = Form.useForm<{ q?: string; roleId?: string; active?: 'true' | 'false' }>();
  // On a phone only the keyword shows until the user asks for more (or a filter is already set).
  const [moreFilters, setMoreFilters] = useState(false);
  const showAllFilters = !isMobile || moreFilters || !!filters.roleId || !!filters.active;
  useEffect(() => {
    form.setFieldsValue({ q: filters.q, roleId: filters.roleId, active: filters.active });
  }, [form, filters.q, filters.roleId, filters.active]);

  const setFilters = (next: Partial<Omit<UserListParams, 'placeId'>>) => {
    const merged = { ...filters, ...next };
    const out = new URLSearchParams();
    if (merged.q) out.set('q', merged.q);
    if (merged.roleId) out.set('roleId', merged.roleId);
    if (merged.active) out.set('active', merged.active);
    if (merged.page > 1) out.set('page', String(merged.page));
    if (merged.pageSize !== 20) out.set('pageSize', String(merged.pageSize));
    setSearch(out);
  };

  // Choosing another place in the top bar starts again at page 1.
  const placeId = place?.id;
  const firstPlace = useRef(placeId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of place resets the page
  useEffect(() => {
    if (firstPlace.current === placeId) return;
    firstPlace.current = placeId;
    if (filters.page !== 1) setFilters({ page: 1 });
  }, [placeId]);

  const list = useQuery({
    queryKey: orgKeys.userList(params),
    queryFn: () => orgApi.listUsers(params),
    placeholderData: keepPreviousData,
  });
  const roles = useQuery({ queryKey: orgKeys.roles, queryFn: orgApi.listRoles, staleTime: 60_000 });
  const roleList = roles.data ?? [];

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [granting, setGranting] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [revealing, setRevealing] = useState<User | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string | null>>({});

  const refresh = () => queryClient.invalidateQueries({ queryKey: orgKeys.users });

  const toggleActive = (user: User) => {
    const activate = !user.active;
    modal.confirm({
      title: activate ? `启用「${user.displayName}」？` : `停用「${user.displayName}」？`,
      content: activate
        ? '启用后该用户可以重新登录，原有角色授权随即恢复生效。'
        : '停用后该用户将不能登录系统，其角色授权保留，可随时重新启用。此操作将记入审计日志。',
      okText: activate ? '启用' : '停用',
      okButtonProps: { danger: !activate },
      cancelText: '取消',
      onOk: async () => {
        try {
          await orgApi.setActive(user.id, activate);
          message.success(activate ? '已启用' : '已停用');
          await refresh();
        } catch (error) {
          message.error(errorMessage(error));
        }
      },
    });
  };

  const phoneCell = (user: User): ReactNode => {
    if (!user.phoneMasked) return <Typography.Text type="secondary">未登记</Typography.Text>;
    const full = revealed[user.id];
    if (full !== undefined) {
      return (
        <Tooltip title="本次查看已记入审计日志">
          <Typography.Text copyable={!!full} className="anju-mono">
            {full ?? '未登记'}
          </Typography.Text>
        </Tooltip>
      );
    }
    return (
      <Space size={6}>
        <span className="anju-mono">{user.phoneMasked}</span>
        {canReveal && (
          <Typography.Link className="anju-reveal-link" onClick={() => setRevealing(user)}>
            查看
          </Typography.Link>
        )}
      </Space>
    );
  };

  const actions = (user: User): ReactNode => {
    if (!canManage) return null;
    const self = user.id === me.id;
    return (
      <Space size={4} wrap={false}>
        <Typography.Link onClick={() => setEditing(user)}>编辑</Typography.Link>
        <Typography.Link onClick={() => setGranting(user)}>授权</Typography.Link>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'reset', label: '重置密码' },
              user.active
                ? { key: 'deactivate', label: '停用', danger: true, disabled: self }
                : { key: 'activate', label: '启用' },
            ],
            onClick: ({ key }) => {
              if (key === 'reset') setResetting(user);
              else toggleActive(user);
            },
          }}
        >
          <Typography.Link>
            更多 <DownOutlined style={{ fontSize: 10 }} />
          </Typography.Link>
        </Dropdown>
      </Space>
    );
  };

  const columns: TableColumnsType<User> = [
    {
      title: '姓名 / 用户名',
      key: 'name',
      fixed: 'left',
      width: 160,
      render: (_, user) => (
        <div className="anju-user-cell">
          <Typography.Text strong>{user.displayName}</Typography.Text>
          <Typography.Text type="secondary" className="anju-mono">
            {user.username}
          </Typography.Text>
        </div>
      ),
    },
    { title: '手机号', key: 'phone', width: 170, render: (_, user) => phoneCell(user) },
    { title: '角色 · 负责区域', key: 'assignments', render: (_, user) => <AssignmentTags user={user} /> },
    { title: '状态', key: 'status', width: 130, render: (_, user) => <StatusTags user={user} /> },
    {
      title: '最近登录',
      dataIndex: 'lastLoginAt',
      width: 150,
      render: (value: string | null) =>
        value ? (
          <Tooltip title={fromNow(value)}>{formatDateTime(value)}</Tooltip>
        ) : (
          <Typography.Text type="secondary">从未登录</Typography.Text>
        ),
    },
    {
      title: '创建时间',
      dataIndex: 'createdAt',
      width: 150,
      render: (value: string) => formatDateTime(value),
    },
    ...(canManage
      ? [
          {
            title: '操作',
            key: 'actions',
            fixed: 'right' as const,
            width: 150,
            render: (_: unknown, user: User) => actions(user),
          },
        ]
      : []),
  ];

  const hasFilters = !!(filters.q || filters.roleId || filters.active);
  const emptyText = (
    <Empty
      description={
        hasFilters
          ? '没有符合条件的用户，可清空筛选条件后再查'
          : place
            ? `「${place.name}」还没有用户。${canManage ? '可点击「新增用户」添加，或在顶部切换区域。' : '可在顶部切换区域。'}`
            : canManage
              ? '还没有用户，可点击「新增用户」添加'
              : '暂无用户'
      }
    >
      {hasFilters && <Button onClick={() => setSearch(new URLSearchParams())}>清空筛选条件</Button>}
    </Empty>
  );

  const roleOptions = useMemo(() => roleList.map((r) => ({ value: r.id, label: r.name })), [roleList]);
  const data = list.data;

  return (
    <div>
      <PageHeader
        title="用户管理"
        description={place ? `当前区域：${place.name}（可在顶部切换）` : '全部管辖区域内的账号、角色与授权'}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新增用户
            </Button>
          )
        }
      />
      <Card className="anju-card anju-query-card">
        <Form
          form={form}
          layout={isMobile ? 'vertical' : 'inline'}
          className="anju-query-form"
          onFinish={(values) =>
            setFilters({
              q: values.q?.trim() || undefined,
              roleId: values.roleId,
              active: values.active,
              page: 1,
            })
          }
        >
          <Form.Item label="关键字" name="q">
            <Input allowClear placeholder="姓名或用户名" maxLength={50} />
          </Form.Item>
          <Form.Item label="角色" name="roleId" hidden={!showAllFilters}>
            <Select
              allowClear
              placeholder={roles.isError ? '角色列表不可用' : '全部角色'}
              options={roleOptions}
              loading={roles.isLoading}
              disabled={roles.isError}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ minWidth: 160 }}
            />
          </Form.Item>
          <Form.Item label="状态" name="active" hidden={!showAllFilters}>
            <Select
              allowClear
              placeholder="全部状态"
              style={{ minWidth: 120 }}
              options={[
                { value: 'true', label: '启用' },
                { value: 'false', label: '停用' },
              ]}
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
                  setSearch(new URLSearchParams());
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
        title={data ? `用户列表（共 ${data.total} 人）` : '用户列表'}
        extra={
          <Tooltip title="刷新">
            <Button type="text" icon={<ReloadOutlined />} aria-label="刷新" onClick={() => refresh()} />
          </Tooltip>
        }
      >
        {list.isError && (
          <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
        )}
        {isMobile ? (
          <>
            <List<User>
              loading={list.isFetching && !data}
              dataSource={data?.items ?? []}
              locale={{ emptyText }}
              renderItem={(user) => (
                <List.Item className="anju-user-item">
                  <div className="anju-user-item-head">
                    <div className="anju-user-cell">
                      <Typography.Text strong>{user.displayName}</Typography.Text>
                      <Typography.Text type="secondary" className="anju-mono">
                        {user.username}
                      </Typography.Text>
                    </div>
                    <StatusTags user={user} />
                  </div>
                  <div className="anju-user-item-row">
                    <span className="anju-user-item-label">手机</span>
                    {phoneCell(user)}
                  </div>
                  <div className="anju-user-item-row">
                    <span className="anju-user-item-label">授权</span>
                    <AssignmentTags user={user} />
                  </div>
                  <div className="anju-user-item-row">
                    <span className="anju-user-item-label">登录</span>
                    <Typography.Text type="secondary">
                      {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : '从未登录'}
                    </Typography.Text>
                  </div>
                  {canManage && <div className="anju-user-item-actions">{actions(user)}</div>}
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
          <Table<User>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText }}
            scroll={{ x: 1100 }}
            pagination={{
              current: data?.page ?? filters.page,
              pageSize: data?.pageSize ?? filters.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              showTotal: (total) => `共 ${total} 人`,
              onChange: (page, pageSize) =>
                setFilters({ page: pageSize !== filters.pageSize ? 1 : page, pageSize }),
            }}
          />
        )}
      </Card>

      <CreateUserDrawer
        open={creating}
        roles={roleList}
        rolesLoading={roles.isLoading}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          refresh();
        }}
      />
      <EditUserModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          message.success('已保存');
          refresh();
        }}
      />
      <AssignmentsModal
        user={granting}
        roles={roleList}
        rolesLoading={roles.isLoading}
        onClose={() => setGranting(null)}
        onSaved={() => {
          setGranting(null);
          message.success('授权已保存');
          refresh();
        }}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={() => setResetting(null)}
      />
      <RevealPhoneModal
        user={revealing}
        onClose={() => setRevealing(null)}
        onRevealed={(userId, value) => {
          setRevealing(null);
          setRevealed((prev) => ({ ...prev, [userId]: value }));
        }}
      />
    </div>
  );
}
