import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { PERMISSIONS, type Permission } from '../../../shared/permissions.js';

export function ForbiddenPage({ permission }: { permission?: Permission }) {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle={
        permission
          ? `您没有访问此页面的权限（需要「${PERMISSIONS[permission]}」）。如工作需要，请联系管理员为您授权。`
          : '您没有访问此页面的权限。如工作需要，请联系管理员为您授权。'
      }
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回首页
        </Button>
      }
    />
  );
}
