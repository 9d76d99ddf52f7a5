import {
  DownOutlined,
  EnvironmentOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  Avatar,
  Breadcrumb,
  Button,
  Drawer,
  Dropdown,
  Grid,
  Layout,
  Menu,
  type MenuProps,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { NotificationBell } from '../modules/notifications/NotificationBell.js';
import { useAuth, useMe } from './auth.js';
import { PageLoading } from './components/PageLoading.js';
import { PlaceTreeSelect } from './components/PlaceTreeSelect.js';
import { findNavItem, HOME_ITEM, trailFor, visibleGroups } from './nav.js';
import { useCurrentPlace } from './place.js';

const COLLAPSED_KEY = 'anju.menuCollapsed';

function Brand({ collapsed }: { collapsed?: boolean }) {
  return (
    <Link to="/" className="anju-brand" aria-label="安居 首页">
      <span className="anju-brand-mark">安</span>
      {!collapsed && (
        <span className="anju-brand-text">
          <span className="anju-brand-name">安居</span>
          <span className="anju-brand-sub">平安法治小区</span>
        </span>
      )}
    </Link>
  );
}

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { can } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const groups = useMemo(() => visibleGroups(can), [can]);
  const current = findNavItem(location.pathname);
  const currentGroup = groups.find((g) => g.items.some((i) => i.path === current?.path));
  const [openKeys, setOpenKeys] = useState<string[]>(() => groups.map((g) => g.key));

  useEffect(() => {
    if (currentGroup && !openKeys.includes(currentGroup.key))
      setOpenKeys((keys) => [...keys, currentGroup.key]);
  }, [currentGroup, openKeys]);

  const items: MenuProps['items'] = [
    { key: HOME_ITEM.path, icon: HOME_ITEM.icon, label: HOME_ITEM.label },
    ...groups.map((group) => ({
      key: group.key,
      icon: group.icon,
      label: group.label,
      children: group.items.map((item) => ({ key: item.path, icon: item.icon, label: item.label })),
    })),
  ];

  return (
    <Menu
      data-testid="app-menu"
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={[location.pathname === '/' ? '/' : (current?.path ?? '')]}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
    />
  );
}

function PlaceSwitcher({ compact }: { compact: boolean }) {
  const { place, setPlace } = useCurrentPlace();
  return (
    <div className="anju-place-switcher">
      {!compact && <EnvironmentOutlined className="anju-place-switcher-icon" aria-hidden />}
      <PlaceTreeSelect
        data-testid="place-switcher"
        aria-label="切换当前区域"
        value={place?.id}
        knownPlaces={place ? [place] : undefined}
        placeholder="全部管辖区域"
        onChange={(_id, next) => setPlace(next ?? null)}
        variant={compact ? 'filled' : 'outlined'}
        popupMatchSelectWidth={compact ? 300 : 360}
        style={{ width: compact ? '100%' : 280 }}
      />
    </div>
  );
}

function UserMenu({ compact }: { compact: boolean }) {
  const me = useMe();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const items: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div className="anju-user-menu-who">
          <Typography.Text strong>{me.displayName}</Typography.Text>
          <Typography.Text type="secondary">账号：{me.username}</Typography.Text>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
  ];
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items,
        onClick: async ({ key }) => {
          if (key === 'password') navigate('/change-password');
          if (key === 'logout') {
            await logout();
            navigate('/login', { replace: true });
          }
        },
      }}
    >
      <Button
        type="text"
        className="anju-user-button"
        data-testid="user-menu"
        aria-label={`用户菜单：${me.displayName}`}
      >
        <Avatar size={28} className="anju-avatar" icon={me.displayName ? undefined : <UserOutlined />}>
          {me.displayName.slice(0, 1)}
        </Avatar>
        {!compact && <span className="anju-user-name">{me.displayName}</span>}
        {!compact && <DownOutlined className="anju-user-caret" />}
      </Button>
    </Dropdown>
  );
}

export function AppShell({ children }: { children?: ReactNode }) {
  const screens = Grid.useBreakpoint();
  // Until the first measurement, assume a wide screen only if the window says so.
  const isMobile = screens.md === undefined ? window.innerWidth < 768 : !screens.md;
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSED_KEY) === '1');
  const [drawerOpen, setDrawerOpen] = useState(false);

  useEffect(() => {
    try {
      localStorage.setItem(COLLAPSED_KEY, collapsed ? '1' : '0');
    } catch {
      // Not remembering the menu state is harmless.
    }
  }, [collapsed]);

  // Close the phone drawer whenever the page changes (also via links inside pages).
  const pathname = location.pathname;
  useEffect(() => {
    void pathname;
    setDrawerOpen(false);
  }, [pathname]);

  const trail = trailFor(location.pathname);

  return (
    <Layout className="anju-shell">
      {!isMobile && (
        <Layout.Sider
          width={220}
          collapsedWidth={64}
          collapsible
          collapsed={collapsed}
          trigger={null}
          className="anju-sider"
        >
          <Brand collapsed={collapsed} />
          <NavMenu />
        </Layout.Sider>
      )}
      {isMobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          closable={false}
          className="anju-menu-drawer"
          styles={{ body: { padding: 0 } }}
        >
          <div className="anju-sider anju-drawer-sider">
            <Brand />
            <NavMenu onNavigate={() => setDrawerOpen(false)} />
          </div>
        </Drawer>
      )}
      <Layout className="anju-main">
        <Layout.Header className={`anju-header${isMobile ? ' is-mobile' : ''}`}>
          {isMobile ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label="打开菜单"
              onClick={() => setDrawerOpen(true)}
              className="anju-header-icon"
            />
          ) : (
            <Tooltip title={collapsed ? '展开菜单' : '收起菜单'}>
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                aria-label={collapsed ? '展开菜单' : '收起菜单'}
                onClick={() => setCollapsed((c) => !c)}
                className="anju-header-icon"
              />
            </Tooltip>
          )}
          <PlaceSwitcher compact={isMobile} />
          <div className="anju-header-spacer" />
          <NotificationBell />
          <UserMenu compact={isMobile} />
        </Layout.Header>
        <div className="anju-breadcrumb">
          <Breadcrumb
            items={trail.map((step) => ({
              title: step.path ? <Link to={step.path}>{step.label}</Link> : step.label,
            }))}
          />
        </div>
        <Layout.Content className="anju-content">
          <Suspense fallback={<PageLoading />}>{children ?? <Outlet />}</Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
