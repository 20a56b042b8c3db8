import { useState } from 'react';
import { App, Button, Card, Flex, Switch, Tag, Tooltip } from 'antd';
import { ArrowRightOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useIsPhone } from '../../components/useMediaQuery';
import { useTranslation } from 'react-i18next';
import type { ApprovalPolicy } from '@xiaoguan/shared';
import { AbilityGate } from '../../components/AbilityGate';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../core/session';
import { usePolicies, useUpdatePolicy } from './api';
import { subjectLabel } from './labels';
import { PolicyDrawer, type PolicyDrawerState } from './PolicyDrawer';
import { localName } from '../../core/i18n';

/** The decision-authority matrix (职责矩阵, R-QUO-1 / R-APR-1), edited by the administrator. */
export default function PoliciesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canConfigure = can('approvals.configure');
  const policies = usePolicies();
  const update = useUpdatePolicy();
  const [drawer, setDrawer] = useState<PolicyDrawerState | null>(null);
  const isPhone = useIsPhone();

  const columns: ColumnsType<ApprovalPolicy> = [
    {
      title: t('approvals.policies.subjectType'),
      key: 'subjectType',
      render: (_, policy) => subjectLabel(policy.subjectType),
    },
    {
      title: t('approvals.policies.name'),
      key: 'name',
      // Issue 16: long English rule names kept the Active and Edit columns off-screen at 1366 px.
      width: 260,
      ellipsis: { showTitle: false },
      render: (_, policy) => (
        <Tooltip title={localName(policy.name, policy.nameEn)} placement="topLeft">
          {localName(policy.name, policy.nameEn)}
        </Tooltip>
      ),
    },
    {
      title: t('approvals.policies.minAmount'),
      key: 'minAmount',
      align: 'right',
      render: (_, policy) =>
        policy.minAmountCents > 0 ? (
          <span>
            ≥ <MoneyText cents={policy.minAmountCents} />
          </span>
        ) : (
          t('approvals.policies.noThreshold')
        ),
    },
    {
      title: t('approvals.policies.minPercent'),
      key: 'minPercent',
      align: 'right',
      render: (_, policy) =>
        policy.minPercent === null
          ? t('approvals.policies.noThreshold')
          : t('approvals.policies.atLeast', { value: `${policy.minPercent}%` }),
    },
    {
      title: t('approvals.policies.steps'),
      key: 'steps',
      render: (_, policy) => (
        <Flex align="center" gap={4} wrap style={{ minWidth: 200 }}>
          {policy.steps.map((step, index) => (
            <Flex key={index} align="center" gap={4}>
              {index > 0 ? <ArrowRightOutlined style={{ color: '#bfbfbf', fontSize: 11 }} /> : null}
              <Tag color={step.mode === 'any' ? 'purple' : 'blue'} title={t(`approvals.modes.${step.mode}`)} style={{ marginInlineEnd: 0 }}>
                {t(`common.roles.${step.role}`)}
              </Tag>
            </Flex>
          ))}
        </Flex>
      ),
    },
    {
      title: t('approvals.policies.active'),
      key: 'active',
      fixed: isPhone ? undefined : 'right',
      render: (_, policy) => (
        <Switch
          size="small"
          checked={policy.active}
          disabled={!canConfigure}
          loading={update.isPending && update.variables?.id === policy.id}
          onChange={(active) =>
            update.mutate(
              { id: policy.id, body: { version: policy.version, active } },
              { onSuccess: () => message.success(t('approvals.policies.saved')) },
            )
          }
        />
      ),
    },
  ];
  if (canConfigure) {
    columns.push({
      key: 'actions',
      fixed: isPhone ? undefined : 'right',
      render: (_, policy) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDrawer({ mode: 'edit', policy })}>
          {t('common.actions.edit')}
        </Button>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('approvals.policies.title')}
        subtitle={t('approvals.policies.subtitle')}
        extra={
          <AbilityGate permission="approvals.configure">
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ mode: 'create' })} data-testid="policy-create">
              {t('approvals.policies.create')}
            </Button>
          </AbilityGate>
        }
      />
      <ErrorAlert error={update.error} onReload={() => void policies.refetch()} />
      <Card styles={{ body: { padding: 0 } }}>
        <DataTable<ApprovalPolicy>
          testId="policies-table"
          data={policies.data}
          loading={policies.isFetching}
          error={policies.error}
          onRetry={() => void policies.refetch()}
          rowKey={(policy) => policy.id}
          columns={columns}
        />
      </Card>
      {drawer ? <PolicyDrawer state={drawer} onClose={() => setDrawer(null)} onReload={() => void policies.refetch()} /> : null}
    </>
  );
}
