import { ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Drawer, Form, Grid, Input, Modal, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { PASSWORD_RULE, password as passwordSchema } from '../../../shared/api/auth.js';
import { createUserBody, revealBody } from '../../../shared/api/org.js';
import type { PlaceLite } from '../../app/components/PlaceTreeSelect.js';
import { useSaving, validValues, zodRule } from '../../app/forms.js';
import { useCurrentPlace } from '../../app/place.js';
import {
  type AssignmentRow,
  AssignmentsField,
  knownPlacesOf,
  rowsFromUser,
  toAssignments,
} from './AssignmentsField.js';
import { orgApi, type Role, type User } from './api.js';

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A 10-character initial password without look-alike characters (0/O, 1/l/I), with letters and digits. */
export function generatePassword(): string {
  const bytes = new Uint32Array(10);
  for (;;) {
    crypto.getRandomValues(bytes);
    const value = Array.from(bytes, (b) => PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]).join('');
    if (/[A-Za-z]/.test(value) && /\d/.test(value)) return value;
  }
}

function PasswordField({ label, name = 'password' }: { label: string; name?: string }) {
  const form = Form.useFormInstance();
  return (
    <Form.Item label={label} required extra="请通过当面或电话等安全方式告知本人">
      <Space.Compact block>
        <Form.Item
          name={name}
          noStyle
          rules={[{ required: true, message: '请输入密码' }, zodRule(passwordSchema)]}
        >
          <Input placeholder={PASSWORD_RULE} autoComplete="new-password" spellCheck={false} />
        </Form.Item>
        <Button
          icon={<ThunderboltOutlined />}
          onClick={() => form.setFields([{ name, value: generatePassword(), errors: [] }])}
        >
          随机生成
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}

function useDrawerSize(): number | string {
  const screens = Grid.useBreakpoint();
  return screens.md === false ? '100%' : 600;
}

// ---- 新增用户 ------------------------------------------------------------------------------------

interface CreateUserValues {
  username: string;
  displayName: string;
  phone?: string;
  password: string;
  assignments?: AssignmentRow[];
}

export function CreateUserDrawer({
  open,
  roles,
  rolesLoading,
  onClose,
  onCreated,
}: {
  open: boolean;
  roles: Role[];
  rolesLoading: boolean;
  onClose(): void;
  onCreated(): void;
}) {
  const [form] = Form.useForm<CreateUserValues>();
  const { place } = useCurrentPlace();
  const { message } = App.useApp();
  const { saving, run } = useSaving(form);
  const size = useDrawerSize();

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ password: generatePassword(), assignments: [] });
    }
  }, [open, form]);

  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    await run(async () => {
      await orgApi.createUser({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        phone: values.phone?.trim() || undefined,
        password: values.password,
        assignments: toAssignments(values.assignments),
      });
      message.success(`已新增用户「${values.displayName.trim()}」，首次登录时须修改密码`);
      onCreated();
    });
  };

  return (
    <Drawer
      open={open}
      title="新增用户"
      size={size}
      onClose={onClose}
      destroyOnHidden
      forceRender
      footer={
        <Space className="anju-drawer-footer">
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={submit}>
            保存
          </Button>
        </Space>
      }
    >
      <Alert
        type="info"
        showIcon
        className="anju-block-gap"
        title="新用户首次登录时须修改密码。请把用户名和初始密码当面或电话告知本人，不要通过群聊发送。"
      />
      <Form<CreateUserValues> form={form} layout="vertical" requiredMark autoComplete="off">
        <Form.Item
          label="用户名"
          name="username"
          required
          rules={[zodRule(createUserBody.shape.username)]}
          extra="登录时使用，创建后不可修改；可用字母、数字、下划线、点和短横线，如 wangxm"
        >
          <Input placeholder="如 wangxm" autoCapitalize="off" spellCheck={false} maxLength={32} />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="displayName"
          required
          rules={[zodRule(createUserBody.shape.displayName)]}
        >
          <Input placeholder="真实姓名，如 王小明" maxLength={32} />
        </Form.Item>
        <Form.Item label="手机号" name="phone" rules={[zodRule(createUserBody.shape.phone)]}>
          <Input placeholder="选填，用于联系与通知" inputMode="tel" maxLength={20} />
        </Form.Item>
        <PasswordField label="初始密码" />
        <Form.Item label="角色授权" required={false}>
          <AssignmentsField roles={roles} rolesLoading={rolesLoading} defaultPlace={place} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

// ---- 编辑 ---------------------------------------------------------------------------------------

interface EditUserValues {
  displayName: string;
  phone?: string;
  clearPhone?: boolean;
}

export function EditUserModal({
  user,
  onClose,
  onSaved,
}: {
  user: User | null;
  onClose(): void;
  onSaved(): void;
}) {
  const [form] = Form.useForm<EditUserValues>();
  const { saving, run } = useSaving(form);
  const clearPhone = Form.useWatch('clearPhone', form);

  useEffect(() => {
    if (user) {
      form.resetFields();
      form.setFieldsValue({ displayName: user.displayName, phone: '', clearPhone: false });
    }
  }, [user, form]);

  const submit = async () => {
    if (!user) return;
    const values = await validValues(form);
    if (!values) return;
    const body: { displayName?: string; phone?: string | null } = {};
    if (values.displayName.trim() !== user.displayName) body.displayName = values.displayName.trim();
    if (values.clearPhone) body.phone = null;
    else if (values.phone?.trim()) body.phone = values.phone.trim();
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    await run(async () => {
      await orgApi.updateUser(user.id, body);
      onSaved();
    });
  };

  return (
    <Modal
      open={!!user}
      title={user ? `编辑用户「${user.displayName}」` : '编辑用户'}
      onCancel={onClose}
      onOk={submit}
      okText="保存"
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      <Form<EditUserValues> form={form} layout="vertical" requiredMark autoComplete="off">
        <Form.Item label="用户名">
          <Typography.Text className="anju-mono">{user?.username}</Typography.Text>
        </Form.Item>
        <Form.Item
          label="姓名"
          name="displayName"
          required
          rules={[zodRule(createUserBody.shape.displayName)]}
        >
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item
          label="手机号"
          name="phone"
          rules={[zodRule(createUserBody.shape.phone)]}
          extra={user?.phoneMasked ? `当前：${user.phoneMasked}。不修改请留空。` : '当前未登记手机号。'}
        >
          <Input placeholder="输入新的手机号" inputMode="tel" maxLength={20} disabled={!!clearPhone} />
        </Form.Item>
        {user?.phoneMasked && (
          <Form.Item name="clearPhone" valuePropName="checked">
            <Checkbox>删除已登记的手机号</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

// ---- 授权 ---------------------------------------------------------------------------------------

export function AssignmentsModal({
  user,
  roles,
  rolesLoading,
  onClose,
  onSaved,
}: {
  user: User | null;
  roles: Role[];
  rolesLoading: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const [form] = Form.useForm<{ assignments?: AssignmentRow[] }>();
  const { saving, run } = useSaving(form);
  const size = useDrawerSize();
  const known: PlaceLite[] = knownPlacesOf(user);

  useEffect(() => {
    if (user) {
      form.resetFields();
      form.setFieldsValue({ assignments: rowsFromUser(user) });
    }
  }, [user, form]);

  const submit = async () => {
    if (!user) return;
    const values = await validValues(form);
    if (!values) return;
    await run(async () => {
      await orgApi.setAssignments(user.id, toAssignments(values.assignments));
      onSaved();
    });
  };

  return (
    <Drawer
      open={!!user}
      title={user ? `授权：${user.displayName}（${user.username}）` : '授权'}
      size={size}
      onClose={onClose}
      destroyOnHidden
      forceRender
      footer={
        <Space className="anju-drawer-footer">
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={submit}>
            保存授权
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        每一行授予一个角色及其负责区域，负责区域包含其下的全部下级。保存后立即生效，并记入审计日志。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <AssignmentsField roles={roles} rolesLoading={rolesLoading} knownPlaces={known} />
      </Form>
    </Drawer>
  );
}

// ---- 重置密码 ------------------------------------------------------------------------------------

export function ResetPasswordModal({
  user,
  onClose,
  onDone,
}: {
  user: User | null;
  onClose(): void;
  onDone(): void;
}) {
  const [form] = Form.useForm<{ password: string }>();
  const { message } = App.useApp();
  const { saving, run } = useSaving(form);

  useEffect(() => {
    if (user) {
      form.resetFields();
      form.setFieldsValue({ password: generatePassword() });
    }
  }, [user, form]);

  const submit = async () => {
    if (!user) return;
    const values = await validValues(form);
    if (!values) return;
    const { password } = values;
    await run(async () => {
      await orgApi.resetPassword(user.id, password);
      message.success(`已重置「${user.displayName}」的密码，对方下次登录时须修改密码`);
      onDone();
    });
  };

  return (
    <Modal
      open={!!user}
      title={user ? `重置「${user.displayName}」的密码` : '重置密码'}
      onCancel={onClose}
      onOk={submit}
      okText="重置密码"
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      <Alert
        type="warning"
        showIcon
        className="anju-block-gap"
        title="重置后旧密码立即失效，对方下次登录时须设置新密码。"
      />
      <Form form={form} layout="vertical" autoComplete="off">
        <PasswordField label="临时密码" />
      </Form>
    </Modal>
  );
}

// ---- 查看手机号 ----------------------------------------------------------------------------------

export function RevealPhoneModal({
  user,
  onClose,
  onRevealed,
}: {
  user: User | null;
  onClose(): void;
  onRevealed(userId: string, value: string | null): void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const { saving, run } = useSaving(form);

  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);

  const submit = async () => {
    if (!user) return;
    const values = await validValues(form);
    if (!values) return;
    const { reason } = values;
    await run(async () => {
      const { value } = await orgApi.revealPhone(user.id, reason.trim());
      onRevealed(user.id, value);
    });
  };

  return (
    <Modal
      open={!!user}
      title={user ? `查看「${user.displayName}」的完整手机号` : '查看手机号'}
      onCancel={onClose}
      onOk={submit}
      okText="查看"
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph type="secondary">
        查看完整个人信息会记入审计日志（查看人、时间、原因）。请如实填写原因。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item label="查看原因" name="reason" required rules={[zodRule(revealBody.shape.reason)]}>
          <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：电话通知参加周例会" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
