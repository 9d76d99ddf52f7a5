import { EnvironmentOutlined, IdcardOutlined, RightOutlined, SafetyOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { PERMISSIONS, type Permission } from '../../../shared/permissions.js';
import { useAuth, useMe } from '../auth.js';
import { PlaceKindTag } from '../components/PlaceKindTag.js';
import { useScopeRoots } from '../components/PlaceTreeSelect.js';
import { dayjs, TIME_ZONE } from '../format.js';
import { visibleGroups } from '../nav.js';
import { useCurrentPlace } from '../place.js';

function greeting(hour: number): string {
  if (hour < 6) return '夜深了';
  if (hour < 9) return '早上好';
  if (hour < 12) return '上午好';
  if (hour < 14) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

export function HomePage() {
  const me = useMe();
  const { can } = useAuth();
  const { place, setPlace } = useCurrentPlace();
  const now = dayjs().tz(TIME_ZONE);
  const groups = useMemo(() => visibleGroups(can), [can]);
  const links = groups.flatMap((g) => g.items.map((item) => ({ ...item, group: g.label })));
  const { roots } = useScopeRoots();
  const permissionLabels = me.permissions
    .filter((p): p is Permission => Object.hasOwn(PERMISSIONS, p))
    .map((p) => PERMISSIONS[p]);

  return (
    <div className="anju-home">
      <Card className="anju-card anju-welcome">
        <Typography.Title level={3} className="anju-welcome-title">
          {greeting(now.hour())}，{me.displayName}
        </Typography.Title>
        <Typography.Text type="secondary">
          今天是 {now.format('YYYY年M月D日 dddd')}
          {place ? (
            <>
              ，当前区域：
              <PlaceKindTag kind={place.kind} />
              {place.name}
            </>
          ) : (
            '，当前查看全部管辖区域'
          )}
        </Typography.Text>
      </Card>

      <Row gutter={[16, 16]} className="anju-row-gap">
        <Col xs={24} lg={12}>
          <Card
            className="anju-card anju-fill"
            title={
              <Space>
                <IdcardOutlined />
                我的角色
              </Space>
            }
          >
            {me.roles.length === 0 ? (
              <Empty description="暂未分配角色。如需开展工作，请联系所在社区或街道管理员为您授权。" />
            ) : (
              <ul className="anju-plain-list">
                {me.roles.map((role) => (
                  <li key={`${role.roleId}:${role.placeId ?? 'global'}`}>
                    <Tag color="blue">{role.roleName}</Tag>
                    <Typography.Text type="secondary">
                      {role.placeName ? `负责 ${role.placeName}` : '全局（不限区域）'}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            className="anju-card anju-fill"
            title={
              <Space>
                <EnvironmentOutlined />
                管辖范围
              </Space>
            }
          >
            {me.global && (
              <Typography.Paragraph>
                <Tag color="purple">全局</Tag>您的账号不限区域，可查看全部街道及其下的社区与小区。
              </Typography.Paragraph>
            )}
            {roots.length === 0 && !me.global ? (
              <Empty description="暂无管辖区域。请联系管理员为您的角色指定负责的街道、社区或小区。" />
            ) : (
              <ul className="anju-plain-list">
                {roots.map((root) => (
                  <li key={root.id}>
                    <PlaceKindTag kind={root.kind} />
                    <span className="anju-scope-name">{root.name}</span>
                    {place?.id !== root.id && (
                      <Typography.Link
                        onClick={() => setPlace({ id: root.id, name: root.name, kind: root.kind })}
                      >
                        设为当前区域
                      </Typography.Link>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
      </Row>

      <Card
        className="anju-card"
        title={
          <Space>
            <SafetyOutlined />
            快捷入口
          </Space>
        }
      >
        {links.length === 0 ? (
          <Empty description="您的账号暂未开通管理功能。需要时请联系管理员开通相应权限。" />
        ) : (
          <Row gutter={[12, 12]}>
            {links.map((item) => (
              <Col xs={24} sm={12} xl={6} key={item.path} className="anju-quick-link-col">
                <Link to={item.path} className="anju-quick-link">
                  <span className="anju-quick-link-icon">{item.icon}</span>
                  <span className="anju-quick-link-text">
                    <span className="anju-quick-link-title">{item.label}</span>
                    <span className="anju-quick-link-desc">{item.description}</span>
                  </span>
                  <RightOutlined className="anju-quick-link-arrow" />
                </Link>
              </Col>
            ))}
          </Row>
        )}
      </Card>

      {permissionLabels.length > 0 && (
        <Card className="anju-card" title="我的权限" size="small">
          <Space wrap size={[6, 6]}>
            {permissionLabels.map((label) => (
              <Tag key={label}>{label}</Tag>
            ))}
          </Space>
        </Card>
      )}
    </div>
  );
}
