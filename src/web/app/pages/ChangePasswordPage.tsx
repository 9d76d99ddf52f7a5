import { LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { PASSWORD_RULE, password as passwordSchema } from '../../../shared/api/auth.js';
import { AppShell } from '../AppShell.js';
import { AUTH_PATHS, api } from '../api.js';
import { useAuth, useMe } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { useApiErrorHandler, zodRule } from '../forms.js';

interface ChangePasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

function ChangePasswordForm({ forced }: { forced: boolean }) {
  const [form] = Form.useForm<ChangePasswordForm>();
  const { refresh } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useApiErrorHandler();
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async ({ currentPassword, newPassword }: ChangePasswordForm) => {
    setSubmitting(true);
    try {
      await api(AUTH_PATHS.changePassword, { method: 'POST', body: { currentPassword, newPassword } });
      const me = await refresh().catch(() => null);
      if (!me) {
        message.success('密码已修改，请用新密码重新登录');
        navigate('/login', { replace: true });
        return;
      }
      message.success('密码已修改');
      form.resetFields();
      if (forced) navigate('/', { replace: true });
    } catch (error) {
      onError(error, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<ChangePasswordForm>
      form={form}
      layout="vertical"
      onFinish={onFinish}
      requiredMark
      className="anju-narrow-form"
      autoComplete="off"
    >
      <Form.Item
        label={forced ? '当前密码（管理员告知的初始密码）' : '当前密码'}
        name="currentPassword"
        rules={[{ required: true, message: '请输入当前密码' }]}
      >
        <Input.Password
          prefix={<LockOutlined />}
          autoComplete="current-password"
          placeholder="请输入当前密码"
        />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: '请输入新密码' },
          zodRule(passwordSchema),
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string) => {
              if (value && value === getFieldValue('currentPassword'))
                throw new Error('新密码不能与当前密码相同');
            },
          }),
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" placeholder={PASSWORD_RULE} />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirm"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
            },
          }),
        ]}
      >
        <Input.Password
          prefix={<LockOutlined />}
          autoComplete="new-password"
          placeholder="请再次输入新密码"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submitting} block={forced}>
        {forced ? '设置新密码并进入系统' : '保存新密码'}
      </Button>
    </Form>
  );
}

/** First login (or after an administrator's reset): nothing else is reachable until this is done. */
function ForcedChangePassword() {
  const me = useMe();
  const { logout } = useAuth();
  const navigate = useNavigate();
  return (
    <div className="anju-login anju-login-single">
      <div className="anju-login-panel">
        <div className="anju-login-card">
          <div className="anju-login-brand">
            <span className="anju-brand-mark anju-brand-mark-lg">安</span>
            <div>
              <Typography.Title level={3} className="anju-login-title">
                设置新密码
              </Typography.Title>
              <Typography.Text type="secondary">{me.displayName}，欢迎使用安居</Typography.Text>
            </div>
          </div>
          <Alert
            type="warning"
            showIcon
            className="anju-login-error"
            title="为保障账号安全，首次登录或管理员重置密码后，须先设置您自己的新密码才能继续使用。"
          />
          <ChangePasswordForm forced />
          <div className="anju-login-footnote">
            <Button
              type="link"
              onClick={async () => {
                await logout();
                navigate('/login', { replace: true });
              }}
            >
              退出登录
            </Button>
          </div>
        </div>
      </div>
    </div>
  );
}

export function ChangePasswordPage() {
  const me = useMe();
  if (me.mustChangePassword) return <ForcedChangePassword />;
  return (
    <AppShell>
      <PageHeader title="修改密码" description="修改后，您在其他设备上的登录将全部失效。" />
      <Card className="anju-card">
        <ChangePasswordForm forced={false} />
      </Card>
    </AppShell>
  );
}
