import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { createRoleBody } from '../../../shared/api/org.js';
import { PERMISSIONS } from '../../../shared/permissions.js';
import { errorMessage } from '../../app/api.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { useSaving, validValues, zodRule } from '../../app/forms.js';
import { orgApi, orgKeys, type PermissionItem, type Role } from './api.js';

// Permission codes are "<area>.<thing>.<verb>"; the editor groups them by area.
const AREA_LABELS: Record<string, string> = {
  org: '组织与账号',
  audit: '审计',
  pii: '个人信息保护',
};

function groupPermissions(
  items: PermissionItem[],
): { area: string; label: string; items: PermissionItem[] }[] {
  const groups = new Map<string, PermissionItem[]>();
  for (const item of items) {
    const area = item.code.split('.')[0] ?? 'other';
    groups.set(area, [...(groups.get(area) ?? []), item]);
  }
  return Array.from(groups, ([area, list]) => ({ area, label: AREA_LABELS[area] ?? '其他', items: list }));
}

interface RoleFormValues {
  code: string;
  name: string;
  description?: string;
  permissions: string[];
}

type RoleDialog = { type: 'create' } | { type: 'edit'; role: Role };

function RoleModal({
  dialog,
  permissions,
  onClose,
  onSaved,
}: {
  dialog: RoleDialog | null;
  permissions: PermissionItem[];
  onClose(): void;
  onSaved(): void;
}) {
  const [form] = Form.useForm<RoleFormValues>();
  const { saving, run } = useSaving(form);
  const builtin = dialog?.type === 'edit' && dialog.role.builtin;
  const groups = useMemo(() => groupPermissions(permissions), [permissions]);
  const screens = Grid.useBreakpoint();

  useEffect(() => {
    if (!dialog) return;
    form.resetFields();
    if (dialog.type === 'edit') {
      const { code, name, description, permissions: granted } = dialog.role;
      form.setFieldsValue({ code, name, description, permissions: granted });
    } else {
      form.setFieldsValue({ permissions: [] });
    }
  }, [dialog, form]);

  const submit = async () => {
    if (!dialog) return;
    const values = await validValues(form);
    if (!values) return;
    await run(async () => {
      const description = values.description?.trim() ?? '';
      if (dialog.type === 'create') {
        await orgApi.createRole({
          code: values.code.trim(),
          name: values.name.trim(),
          description,
          permissions: values.permissions ?? [],
        });
      } else {
        await orgApi.updateRole(dialog.role.id, {
          name: values.name.trim(),
          description,
          permissions: values.permissions ?? [],
        });
      }
      onSaved();
    });
  };

  return (
    <Modal
      open={!!dialog}
      title={dialog?.type === 'edit' ? `${builtin ? '查看' : '编辑'}角色「${dialog.role.name}」` : '新增角色'}
      onCancel={onClose}
      onOk={submit}
      okText="保存"
      // Built-in roles are re-synchronised from the code base at start-up; the server refuses edits.
      okButtonProps={{ style: builtin ? { display: 'none' } : undefined }}
      cancelText={builtin ? '关闭' : '取消'}
      confirmLoading={saving}
      width={screens.md === false ? undefined : 640}
      destroyOnHidden
      forceRender
    >
      {builtin && (
        <Alert
          type="info"
          showIcon
          className="anju-block-gap"
          title="这是系统内置角色，名称、说明与权限随系统版本统一维护，不能修改；如需不同的权限组合，请新增自定义角色。"
        />
      )}
      <Form<RoleFormValues> form={form} layout="vertical" requiredMark={!builtin} disabled={builtin}>
        <Form.Item
          label="角色编码"
          name="code"
          required
          rules={dialog?.type === 'create' ? [zodRule(createRoleBody.shape.code)] : []}
          extra={
            dialog?.type === 'create'
              ? '创建后不可修改；小写字母开头，可用小写字母、数字和下划线，如 fire_officer'
              : undefined
          }
        >
          <Input
            disabled={dialog?.type === 'edit'}
            placeholder="如 fire_officer"
            spellCheck={false}
            maxLength={32}
          />
        </Form.Item>
        <Form.Item label="角色名称" name="name" required rules={[zodRule(createRoleBody.shape.name)]}>
          <Input placeholder="如 消防专干" maxLength={32} />
        </Form.Item>
        <Form.Item
          label="说明"
          name="description"
          rules={[zodRule(createRoleBody.shape.description, { optional: true })]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount placeholder="这个角色由谁担任、负责什么" />
        </Form.Item>
        <Form.Item label="权限" name="permissions">
          <Checkbox.Group className="anju-permission-groups">
            {groups.map((group) => (
              <fieldset key={group.area} className="anju-permission-group">
                <legend>{group.label}</legend>
                {group.items.map((p) => (
                  <Checkbox key={p.code} value={p.code}>
                    {p.label}
                    <span className="anju-permission-code">{p.code}</span>
                  </Checkbox>
                ))}
              </fieldset>
            ))}
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RolesPage() {
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const roles = useQuery({ queryKey: orgKeys.roles, queryFn: orgApi.listRoles });
  const permissionsQuery = useQuery({
    queryKey: orgKeys.permissions,
    queryFn: orgApi.listPermissions,
    staleTime: 300_000,
  });
  // The shared list is a good fallback label source while the server's list loads.
  const permissions: PermissionItem[] =
    permissionsQuery.data ?? Object.entries(PERMISSIONS).map(([code, label]) => ({ code, label }));
  const labelOf = (code: string) => permissions.find((p) => p.code === code)?.label ?? code;
  const [dialog, setDialog] = useState<RoleDialog | null>(null);
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;

  const confirmDelete = (role: Role) => {
    modal.confirm({
      title: `删除角色「${role.name}」？`,
      content:
        role.userCount > 0
          ? `该角色目前授予了 ${role.userCount} 人，需先在「用户管理」中撤销这些授权，系统才允许删除。`
          : '删除后不可恢复，此操作将记入审计日志。',
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await orgApi.deleteRole(role.id);
          message.success(`已删除角色「${role.name}」`);
          await queryClient.invalidateQueries({ queryKey: orgKeys.roles });
        } catch (error) {
          modal.error({ title: '无法删除', content: errorMessage(error) });
        }
      },
    });
  };

  const roleName = (role: Role) => (
    <div className="anju-user-cell">
      <Space size={6}>
        <Typography.Text strong>{role.name}</Typography.Text>
        {role.builtin ? <Tag color="blue">内置</Tag> : <Tag color="purple">自定义</Tag>}
      </Space>
      <Typography.Text type="secondary" className="anju-mono">
        {role.code}
      </Typography.Text>
    </div>
  );

  const permissionTags = (role: Role) =>
    role.permissions.length === 0 ? (
      <Typography.Text type="secondary">无管理权限（仅使用移动端功能）</Typography.Text>
    ) : (
      <Space size={[4, 4]} wrap>
        {role.permissions.map((code) => (
          <Tag key={code}>{labelOf(code)}</Tag>
        ))}
      </Space>
    );

  const actions = (role: Role) => (
    <Space size={8}>
      <Typography.Link onClick={() => setDialog({ type: 'edit', role })}>
        {role.builtin ? '查看' : '编辑'}
      </Typography.Link>
      {role.builtin ? (
        <Tooltip title="内置角色不能修改或删除">
          <Typography.Text type="secondary">删除</Typography.Text>
        </Tooltip>
      ) : (
        <Typography.Link type="danger" onClick={() => confirmDelete(role)}>
          删除
        </Typography.Link>
      )}
    </Space>
  );

  const columns: TableColumnsType<Role> = [
    {
      title: '角色',
      key: 'name',
      width: 200,
      fixed: 'left',
      render: (_, role) => roleName(role),
    },
    { title: '说明', dataIndex: 'description', width: 240, render: (v: string) => v || '—' },
    { title: '权限', key: 'permissions', render: (_, role) => permissionTags(role) },
    { title: '用户数', dataIndex: 'userCount', width: 90, align: 'right', render: (n: number) => `${n} 人` },
    {
      title: '操作',
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_, role) => actions(role),
    },
  ];

  return (
    <div>
      <PageHeader
        title="角色管理"
        description="角色决定能做什么，授权时指定的区域决定能管哪里"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ type: 'create' })}>
            新增角色
          </Button>
        }
      />
      <Card className="anju-card">
        {roles.isError && (
          <Alert type="error" showIcon title={errorMessage(roles.error)} className="anju-block-gap" />
        )}
        {isMobile ? (
          <List<Role>
            loading={roles.isFetching && !roles.data}
            dataSource={roles.data ?? []}
            locale={{ emptyText: <Empty description="还没有角色，可点击「新增角色」创建" /> }}
            renderItem={(role) => (
              <List.Item className="anju-user-item">
                <div className="anju-user-item-head">
                  {roleName(role)}
                  <Typography.Text type="secondary">{role.userCount} 人</Typography.Text>
                </div>
                {role.description && <Typography.Text type="secondary">{role.description}</Typography.Text>}
                {permissionTags(role)}
                <div className="anju-user-item-actions">{actions(role)}</div>
              </List.Item>
            )}
          />
        ) : (
          <Table<Role>
            rowKey="id"
            columns={columns}
            dataSource={roles.data ?? []}
            loading={roles.isFetching}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description="还没有角色，可点击「新增角色」创建" /> }}
          />
        )}
      </Card>
      <RoleModal
        dialog={dialog}
        permissions={permissions}
        onClose={() => setDialog(null)}
        onSaved={() => {
          const created = dialog?.type === 'create';
          setDialog(null);
          message.success(created ? '已新增角色' : '已保存');
          queryClient.invalidateQueries({ queryKey: orgKeys.roles });
        }}
      />
    </div>
  );
}
