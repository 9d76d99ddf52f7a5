import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../api.js';
import { useAuth } from '../auth.js';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-site paths are accepted as a destination after login. */
export function safeNext(value: string | null): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/login')) return '/';
  return value;
}

export function LoginPage() {
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const next = safeNext(params.get('next'));

  if (user) return <Navigate to={user.mustChangePassword ? '/change-password' : next} replace />;

  const onFinish = async (values: LoginForm) => {
    setError(null);
    setSubmitting(true);
    try {
      const me = await login(values.username.trim(), values.password);
      navigate(me.mustChangePassword ? '/change-password' : next, { replace: true });
    } catch (cause) {
      if (cause instanceof ApiError && cause.fields) {
        form.setFields(
          Object.entries(cause.fields).map(([name, text]) => ({
            name: name as keyof LoginForm,
            errors: [text],
          })),
        );
      }
      setError(errorMessage(cause));
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="anju-login">
      <div className="anju-login-hero" aria-hidden>
        <div className="anju-login-hero-inner">
          <div className="anju-login-hero-title">小事不出小区，大事不出社区</div>
          <div className="anju-login-hero-text">
            以房管人 · 网格管理 · 矛盾调解 · 法律服务 · 治安防控 · 居民自治
          </div>
        </div>
      </div>
      <div className="anju-login-panel">
        <div className="anju-login-card">
          <div className="anju-login-brand">
            <span className="anju-brand-mark anju-brand-mark-lg">安</span>
            <div>
              <Typography.Title level={2} className="anju-login-title">
                安居
              </Typography.Title>
              <Typography.Text type="secondary" className="anju-login-subtitle">
                平安法治小区综合管理平台
              </Typography.Text>
            </div>
          </div>
          {error && <Alert type="error" showIcon title={error} className="anju-login-error" role="alert" />}
          <Form<LoginForm>
            form={form}
            layout="vertical"
            size="large"
            requiredMark={false}
            onFinish={onFinish}
            onValuesChange={() => error && setError(null)}
            autoComplete="on"
          >
            <Form.Item
              label="用户名"
              name="username"
              rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
            >
              <Input
                prefix={<UserOutlined />}
                placeholder="请输入用户名"
                autoComplete="username"
                autoCapitalize="off"
                spellCheck={false}
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password
                prefix={<LockOutlined />}
                placeholder="请输入密码"
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
              登录
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" className="anju-login-footnote">
            忘记密码或账号被锁定，请联系所在社区或街道的系统管理员。
          </Typography.Paragraph>
        </div>
      </div>
    </div>
  );
}
