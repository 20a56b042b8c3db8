import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Dropdown,
  Flex,
  Input,
  Popconfirm,
  Select,
  Space,
  Tag,
  TreeSelect,
  Typography,
  type MenuProps,
} from 'antd';
import { EditOutlined, KeyOutlined, MoreOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined, TeamOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, type User } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { AbilityGate } from '../../components/AbilityGate';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RoleTags } from '../../components/RoleTags';
import { useOrgUnits, useUpdateUser, useUsers, type UserListParams } from './api';
import { unitTreeSelectData } from './orgTree';
import { ResetPasswordModal } from './ResetPasswordModal';
import { SupportAssignmentsModal } from './SupportAssignmentsModal';
import { UserDrawer, type UserDrawerState } from './UserDrawer';

type Dialog = { kind: 'reset'; user: User } | { kind: 'support'; user: User } | null;

function StatusTags({ user }: { user: User }) {
  const { t } = useTranslation();
  if (user.disabled) return <Tag>{t('common.status.disabled')}</Tag>;
  return (
    <>
      <Tag color="green">{t('common.status.active')}</Tag>
      {user.locked ? <Tag color="red">{t('common.status.locked')}</Tag> : null}
    </>
  );
}

/** Users (admin) or the directory (everyone else): the list is what the server's row scope returns. */
export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const isAdmin = can('users.write');
  const [params, setParams] = useState<UserListParams>({ page: 1, pageSize: 20 });
  const [searchText, setSearchText] = useState('');
  const [drawer, setDrawer] = useState<UserDrawerState | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const users = useUsers(params);
  const units = useOrgUnits();
  const update = useUpdateUser();
  const unitOptions = useMemo(() => unitTreeSelectData(units.data ?? [], () => false), [units.data]);

  const filter = (patch: Partial<UserListParams>) => setParams((current) => ({ ...current, ...patch, page: 1 }));

  const setDisabled = (user: User, disabled: boolean) => {
    setActionError(null);
    update.mutate(
      { id: user.id, body: { version: user.version, disabled } },
      { onSuccess: () => message.success(disabled ? t('org.users.disabledDone') : t('org.users.enabledDone')), onError: setActionError },
    );
  };

  const columns: ColumnsType<User> = [
    {
      title: t('org.users.columns.name'),
      key: 'name',
      fixed: 'left',
      render: (_, user) => (
        <div style={{ minWidth: 96 }}>
          <div style={{ fontWeight: 500 }}>{user.displayName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {user.employeeNo ? `${user.username} · ${user.employeeNo}` : user.username}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('org.users.columns.roles'), key: 'roles', render: (_, user) => <RoleTags roles={user.roles} /> },
    { title: t('org.users.columns.unit'), key: 'unit', render: (_, user) => user.orgUnitName ?? '—' },
    { title: t('org.users.columns.manager'), key: 'manager', render: (_, user) => user.managerName ?? '—' },
    {
      title: t('org.users.columns.contact'),
      key: 'contact',
      render: (_, user) => (
        <div style={{ fontSize: 13 }}>
          <div>{user.phone ?? '—'}</div>
          {user.email ? <Typography.Text type="secondary">{user.email}</Typography.Text> : null}
        </div>
      ),
    },
    { title: t('org.users.columns.status'), key: 'status', render: (_, user) => <StatusTags user={user} /> },
    {
      title: t('org.users.columns.lastLogin'),
      key: 'lastLogin',
      render: (_, user) =>
        user.lastLoginAt ? (
          <DateTimeText value={user.lastLoginAt} />
        ) : (
          <Typography.Text type="secondary">{t('org.users.never')}</Typography.Text>
        ),
    },
  ];

  const anyActions = users.data?.items.some((user) => user.abilities.update || user.abilities.resetPassword);
  if (anyActions) {
    columns.push({
      title: t('org.users.columns.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, user) => {
        const more: MenuProps['items'] = [
          user.abilities.resetPassword
            ? { key: 'reset', icon: <KeyOutlined />, label: <span data-testid="user-action-reset">{t('org.users.resetPassword')}</span> }
            : null,
          user.abilities.update && user.roles.includes('support')
            ? {
                key: 'support',
                icon: <TeamOutlined />,
                label: <span data-testid="user-action-support">{t('org.users.supportAssignments')}</span>,
              }
            : null,
        ].filter((item) => item !== null);
        return (
          <Space size={4} onClick={(event) => event.stopPropagation()}>
            <AbilityGate abilities={user.abilities} ability="update">
              <Button
                size="small"
                type="link"
                icon={<EditOutlined />}
                onClick={() => setDrawer({ mode: 'edit', userId: user.id })}
                data-testid="user-action-edit"
              >
                {t('common.actions.edit')}
              </Button>
            </AbilityGate>
            <AbilityGate abilities={user.abilities} ability="disable">
              <Popconfirm
                title={t('common.confirmTitle')}
                description={t('org.users.disableConfirm', { name: user.displayName })}
                onConfirm={() => setDisabled(user, true)}
              >
                <Button size="small" type="link" danger icon={<StopOutlined />} data-testid="user-action-disable">
                  {t('common.actions.disable')}
                </Button>
              </Popconfirm>
            </AbilityGate>
            {user.disabled && user.abilities.update ? (
              <Popconfirm
                title={t('common.confirmTitle')}
                description={t('org.users.enableConfirm', { name: user.displayName })}
                onConfirm={() => setDisabled(user, false)}
              >
                <Button size="small" type="link" icon={<CheckCircleOutlined />} data-testid="user-action-enable">
                  {t('common.actions.enable')}
                </Button>
              </Popconfirm>
            ) : null}
            {more.length ? (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: more,
                  onClick: ({ key }) => setDialog(key === 'reset' ? { kind: 'reset', user } : { kind: 'support', user }),
                }}
              >
                <Button
                  size="small"
                  type="text"
                  icon={<MoreOutlined />}
                  aria-label={t('common.actions.more')}
                  data-testid="user-action-more"
                />
              </Dropdown>
            ) : null}
          </Space>
        );
      },
    });
  }

  return (
    <>
      <PageHeader
        title={isAdmin ? t('org.users.title') : t('org.users.directoryTitle')}
        subtitle={isAdmin ? t('org.users.subtitle') : t('org.users.directorySubtitle')}
        extra={
          <AbilityGate permission="users.write">
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ mode: 'create' })} data-testid="user-create">
              {t('org.users.create')}
            </Button>
          </AbilityGate>
        }
      />
      <ErrorAlert error={actionError} onReload={() => void users.refetch()} />
      <Card styles={{ body: { padding: 12 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('org.users.search')}
            value={searchText}
            onChange={(event) => {
              setSearchText(event.target.value);
              if (!event.target.value) filter({ q: undefined });
            }}
            onSearch={(value) => filter({ q: value.trim() || undefined })}
            style={{ flex: '1 1 220px', maxWidth: 320 }}
            data-testid="users-search"
          />
          <TreeSelect
            allowClear
            treeData={unitOptions}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('org.users.filterUnit')}
            value={params.orgUnitId}
            onChange={(value: string | undefined) => filter({ orgUnitId: value ?? undefined })}
            style={{ flex: '1 1 200px', maxWidth: 280 }}
            data-testid="users-filter-unit"
          />
          <Select<Role>
            allowClear
            placeholder={t('org.users.filterRole')}
            value={params.role}
            onChange={(value) => filter({ role: value ?? undefined })}
            options={ROLES.map((role) => ({ value: role, label: t(`common.roles.${role}`) }))}
            style={{ flex: '1 1 140px', maxWidth: 200 }}
            data-testid="users-filter-role"
          />
          <Checkbox
            checked={Boolean(params.includeDisabled)}
            onChange={(event) => filter({ includeDisabled: event.target.checked })}
            style={{ alignSelf: 'center' }}
          >
            {t('org.users.includeDisabled')}
          </Checkbox>
        </Flex>
        <DataTable<User>
          testId="users-table"
          rowTestKey={(user) => user.username}
          data={users.data}
          loading={users.isFetching}
          error={users.error}
          onRetry={() => void users.refetch()}
          rowKey={(user) => user.id}
          onPageChange={(page, pageSize) => setParams((current) => ({ ...current, page, pageSize }))}
          columns={columns}
        />
      </Card>
      {drawer ? <UserDrawer state={drawer} onClose={() => setDrawer(null)} /> : null}
      {dialog?.kind === 'reset' ? <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'support' ? <SupportAssignmentsModal user={dialog.user} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
