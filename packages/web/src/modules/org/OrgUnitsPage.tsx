import { useMemo, useState, type Key } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Input, Popconfirm, Row, Skeleton, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrgUnit, User } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { AbilityGate } from '../../components/AbilityGate';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RoleTags } from '../../components/RoleTags';
import { useOrgUnits, useUpdateOrgUnit, useUsers } from './api';
import { buildUnitTree, type UnitNode } from './orgTree';
import { OrgUnitDrawer, type OrgUnitDrawerState } from './OrgUnitDrawer';
import { UnitKindTag } from './UnitTag';

function matches(node: UnitNode, search: string): boolean {
  return node.unit.name.toLowerCase().includes(search) || node.children.some((child) => matches(child, search));
}

function UnitMembers({ unit }: { unit: OrgUnit }) {
  const { t } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const users = useUsers({ ...page, orgUnitId: unit.id });
  return (
    <DataTable<User>
      testId="unit-members"
      data={users.data}
      loading={users.isFetching}
      error={users.error}
      onRetry={() => void users.refetch()}
      rowKey={(user) => user.id}
      onPageChange={(next, pageSize) => setPage({ page: next, pageSize })}
      columns={[
        { title: t('org.users.columns.name'), key: 'name', render: (_, user) => user.displayName },
        { title: t('org.users.columns.roles'), key: 'roles', render: (_, user) => <RoleTags roles={user.roles} /> },
        { title: t('org.users.columns.manager'), key: 'manager', render: (_, user) => user.managerName ?? '—' },
      ]}
    />
  );
}

/** The org tree: company → regions/departments → teams, with create, rename, move and disable. */
export default function OrgUnitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const units = useOrgUnits();
  const update = useUpdateOrgUnit();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [drawer, setDrawer] = useState<OrgUnitDrawerState | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const list = useMemo(() => units.data ?? [], [units.data]);
  const byId = useMemo(() => new Map(list.map((unit) => [unit.id, unit])), [list]);
  const roots = useMemo(() => buildUnitTree(list), [list]);
  const selected = (selectedId ? byId.get(selectedId) : undefined) ?? roots[0]?.unit;

  const treeData = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const convert = (node: UnitNode): TreeDataNode => ({
      key: node.unit.id,
      title: (
        <Flex align="center" gap={6} data-testid={`org-unit-${node.unit.id}`} style={{ opacity: node.unit.disabled ? 0.5 : 1 }}>
          <span>{node.unit.name}</span>
          <UnitKindTag kind={node.unit.kind} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('org.units.membersCount', { count: node.unit.memberCount })}
          </Typography.Text>
          {node.unit.disabled ? <Tag style={{ marginInlineEnd: 0 }}>{t('common.status.disabled')}</Tag> : null}
        </Flex>
      ),
      children: node.children.filter((child) => !needle || matches(child, needle)).map(convert),
    });
    return roots.filter((node) => !needle || matches(node, needle)).map(convert);
  }, [roots, search, t]);

  const allKeys = useMemo<Key[]>(() => list.map((unit) => unit.id), [list]);

  const setDisabled = (unit: OrgUnit, disabled: boolean) => {
    setActionError(null);
    update.mutate(
      { id: unit.id, body: { version: unit.version, disabled } },
      { onSuccess: () => message.success(t('org.units.updated')), onError: setActionError },
    );
  };

  const parent = selected?.parentId ? byId.get(selected.parentId) : undefined;
  return (
    <>
      <PageHeader title={t('org.units.title')} subtitle={t('org.units.subtitle')} />
      <ErrorAlert error={units.error ?? actionError} onReload={() => void units.refetch()} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('org.units.tree')} styles={{ body: { padding: 12 } }}>
            <Input.Search
              allowClear
              placeholder={t('org.units.search')}
              onChange={(event) => setSearch(event.target.value)}
              style={{ marginBottom: 12 }}
            />
            {units.isPending ? (
              <Skeleton active />
            ) : (
              <div style={{ overflowX: 'auto' }}>
                <Tree
                  key={`${search}-${allKeys.length}`}
                  blockNode
                  showLine
                  defaultExpandedKeys={allKeys}
                  treeData={treeData}
                  selectedKeys={selected ? [selected.id] : []}
                  onSelect={(keys) => {
                    if (keys[0]) setSelectedId(String(keys[0]));
                  }}
                  data-testid="org-tree"
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            title={t('org.units.detail')}
            extra={
              selected ? (
                <Flex gap={8} wrap justify="flex-end">
                  <AbilityGate abilities={selected.abilities} ability="createChild">
                    <Button
                      size="small"
                      icon={<PlusOutlined />}
                      onClick={() => setDrawer({ mode: 'create', parent: selected })}
                      data-testid="org-unit-create-child"
                    >
                      {t('org.units.createChild')}
                    </Button>
                  </AbilityGate>
                  <AbilityGate abilities={selected.abilities} ability="update">
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setDrawer({ mode: 'edit', unit: selected })}
                      data-testid="org-unit-edit"
                    >
                      {t('common.actions.edit')}
                    </Button>
                  </AbilityGate>
                  <AbilityGate abilities={selected.abilities} ability="disable">
                    <Popconfirm
                      title={t('common.confirmTitle')}
                      description={t('org.units.disableConfirm', { name: selected.name })}
                      onConfirm={() => setDisabled(selected, true)}
                    >
                      <Button size="small" danger icon={<StopOutlined />} data-testid="org-unit-disable">
                        {t('common.actions.disable')}
                      </Button>
                    </Popconfirm>
                  </AbilityGate>
                  {selected.disabled && selected.abilities.update ? (
                    <Popconfirm
                      title={t('common.confirmTitle')}
                      description={t('org.units.enableConfirm', { name: selected.name })}
                      onConfirm={() => setDisabled(selected, false)}
                    >
                      <Button size="small" icon={<CheckCircleOutlined />}>
                        {t('common.actions.enable')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Flex>
              ) : null
            }
          >
            {selected ? (
              <Descriptions column={{ xs: 1, sm: 2 }} size="small" data-testid="org-unit-detail">
                <Descriptions.Item label={t('org.units.name')}>{selected.name}</Descriptions.Item>
                <Descriptions.Item label={t('org.units.kind')}>
                  <UnitKindTag kind={selected.kind} />
                </Descriptions.Item>
                <Descriptions.Item label={t('org.units.parent')}>{parent?.name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('org.units.productLine')}>{selected.productLine ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('org.units.members')}>{selected.memberCount}</Descriptions.Item>
                <Descriptions.Item label={t('org.units.status')}>
                  {selected.disabled ? <Tag>{t('common.status.disabled')}</Tag> : <Tag color="green">{t('common.status.active')}</Tag>}
                </Descriptions.Item>
              </Descriptions>
            ) : (
              <Empty description={t('org.units.selectHint')} />
            )}
          </Card>
          {selected && can('users.read') ? (
            <Card title={t('org.units.memberList')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
              <UnitMembers key={selected.id} unit={selected} />
            </Card>
          ) : null}
        </Col>
      </Row>
      {drawer ? <OrgUnitDrawer state={drawer} units={list} onClose={() => setDrawer(null)} onReload={() => void units.refetch()} /> : null}
    </>
  );
}
