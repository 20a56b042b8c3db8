import { Suspense, useMemo, useState } from 'react';
import { Alert, App, Avatar, Button, Drawer, Dropdown, Layout, Menu, Tag, type MenuProps } from 'antd';
import { KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { MENU_GROUPS, menuEntryOf, type MenuEntry } from '../core/moduleRoute';
import { MODULE_ROUTES } from './routes';
import { useCan, useLogout, useMe } from '../core/session';
import { LanguageSwitch } from '../core/LanguageSwitch';
import { Logo } from '../core/Logo';
import { FullPageSpin } from '../core/FullPage';
import { useIsPhone } from '../components/useMediaQuery';
import { NotificationBell } from '../modules/notifications';
import { HeaderTools } from '../modules/search';
import { SEARCH_TYPES } from './modules';

interface MenuLink extends MenuEntry {
  path: string;
}

/** The side menu: module routes the user's permissions allow, grouped and ordered. */
function useMenuLinks(): MenuLink[] {
  const can = useCan();
  return useMemo(
    () =>
      MODULE_ROUTES.flatMap((route) => {
        const entry = menuEntryOf(route, can);
        return entry ? [{ ...entry, path: route.path }] : [];
      }),
    [can],
  );
}

/** The menu item for the current page: the longest menu path the location starts with. */
function selectedPath(links: MenuLink[], pathname: string): string | undefined {
  let best: string | undefined;
  for (const link of links) {
    const matches = link.path === '/' ? pathname === '/' : pathname === link.path || pathname.startsWith(`${link.path}/`);
    if (matches && (!best || link.path.length > best.length)) best = link.path;
  }
  return best;
}

function AppMenu({ links, onNavigate }: { links: MenuLink[]; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const items: MenuProps['items'] = MENU_GROUPS.flatMap((group) => {
    const inGroup = links.filter((link) => link.group === group).sort((a, b) => a.order - b.order);
    if (!inGroup.length) return [];
    return [
      {
        type: 'group' as const,
        key: `group-${group}`,
        label: t(`app.menu.groups.${group}`),
        children: inGroup.map((link) => ({
          key: link.path,
          icon: link.icon,
          label: <span data-testid={link.testId}>{t(link.labelKey)}</span>,
        })),
      },
    ];
  });
  const selected = selectedPath(links, location.pathname);
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      style={{ borderInlineEnd: 'none' }}
      data-testid="side-menu"
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
    />
  );
}

function UserMenu({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const logout = useLogout();
  const items: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div style={{ lineHeight: 1.5 }}>
          <div style={{ fontWeight: 600, color: 'rgba(0,0,0,0.88)' }}>{me.displayName}</div>
          <div style={{ fontSize: 12 }}>
            {me.username}
            {me.orgUnitName ? ` · ${me.orgUnitName}` : ''}
          </div>
          <div style={{ fontSize: 12 }}>{me.roles.map((role) => t(`common.roles.${role}`)).join('、')}</div>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-change-password">{t('app.user.changePassword')}</span> },
    { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout">{t('app.user.logout')}</span> },
  ];
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items,
        onClick: ({ key }) => {
          if (key === 'password') navigate('/account/password');
          if (key === 'logout') logout.mutate();
        },
      }}
    >
      <Button type="text" data-testid="user-menu" aria-label={t('app.user.menu')} style={{ paddingInline: 6 }}>
        <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#1f4fa3' }} />
        {compact ? null : <span style={{ maxWidth: 140, overflow: 'hidden', textOverflow: 'ellipsis' }}>{me.displayName}</span>}
      </Button>
    </Dropdown>
  );
}

/** The signed-in layout: side menu (a drawer on phones), header, demo banner, the page. */
export default function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const isPhone = useIsPhone();
  const links = useMenuLinks();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const brand = (
    <div className="xg-brand">
      <Logo />
      {collapsed && !isPhone ? null : <span>{t('app.brand')}</span>}
    </div>
  );

  return (
    <App component={false}>
      <Layout style={{ minHeight: '100vh' }}>
        {isPhone ? null : (
          <Layout.Sider
            theme="light"
            width={220}
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            breakpoint="lg"
            className="xg-sider"
            style={{ borderInlineEnd: '1px solid #e8ebf0', position: 'sticky', top: 0, height: '100vh' }}
          >
            {brand}
            <AppMenu links={links} />
          </Layout.Sider>
        )}
        <Layout style={{ minWidth: 0 }}>
          <Layout.Header className="xg-header">
            {isPhone ? (
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('app.menu.open')}
                onClick={() => setDrawerOpen(true)}
                data-testid="menu-toggle"
              />
            ) : null}
            <span className="xg-company" data-testid="company-name">
              {me.company.name}
            </span>
            {me.demo ? (
              <Tag color="orange" data-testid="demo-tag" style={{ marginInlineEnd: 0 }}>
                {t('app.demoTag')}
              </Tag>
            ) : null}
            <HeaderTools types={SEARCH_TYPES} />
            <NotificationBell />
            <LanguageSwitch compact={isPhone} />
            <UserMenu compact={isPhone} />
          </Layout.Header>
          {me.demo ? <Alert banner type="info" title={t('app.demoBanner')} data-testid="demo-banner" closable /> : null}
          <Layout.Content className="xg-content">
            <Suspense fallback={<FullPageSpin />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
        {isPhone ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={264}
            title={brand}
            styles={{ body: { padding: 0 }, header: { padding: 0 } }}
            data-testid="menu-drawer"
          >
            <AppMenu links={links} onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        ) : null}
      </Layout>
    </App>
  );
}
