import { useState } from 'react';
import { Card, Flex, Select, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { APPROVAL_STATUSES, type ApprovalRequest, type ApprovalStatus } from '@xiaoguan/shared';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { MoneyText } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { useApprovals, type ApprovalBox } from './api';
import { ApprovalDrawer } from './ApprovalDrawer';
import { ApprovalStatusTag, formatPercent, subjectLabel } from './labels';
import { approvalFigures } from './figures';

const BOXES: readonly ApprovalBox[] = ['inbox', 'mine', 'all'];

function isBox(value: string | null): value is ApprovalBox {
  return value !== null && (BOXES as readonly string[]).includes(value);
}

/** My approvals: waiting on me, requested by me, all in my scope; `/approvals/:id` opens one. */
export default function ApprovalsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const rawBox = searchParams.get('box');
  const box: ApprovalBox = isBox(rawBox) ? rawBox : 'inbox';
  const [status, setStatus] = useState<ApprovalStatus | undefined>(undefined);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const approvals = useApprovals({ box, status, ...paging });
  const query = searchParams.toString();

  const columns: ColumnsType<ApprovalRequest> = [
    {
      title: t('approvals.columns.title'),
      key: 'title',
      render: (_, request) => (
        <div style={{ minWidth: 160, maxWidth: 320 }}>
          <Typography.Text strong ellipsis={{ tooltip: request.title }}>
            {request.title}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('approvals.columns.subjectType'),
      key: 'subjectType',
      render: (_, request) => <Tag>{subjectLabel(request.subjectType)}</Tag>,
    },
    { title: t('approvals.columns.requester'), key: 'requester', render: (_, request) => request.requesterName },
    {
      title: t('approvals.columns.amount'),
      key: 'amount',
      align: 'right',
      render: (_, request) => <MoneyText cents={approvalFigures(request).amountCents} />,
    },
    {
      title: t('approvals.columns.discount'),
      key: 'discount',
      align: 'right',
      render: (_, request) => <MoneyText cents={approvalFigures(request).discountCents} />,
    },
    { title: t('approvals.columns.percent'), key: 'percent', align: 'right', render: (_, request) => formatPercent(request.percent) },
    { title: t('approvals.columns.status'), key: 'status', render: (_, request) => <ApprovalStatusTag status={request.status} /> },
    {
      title: t('approvals.columns.currentStep'),
      key: 'currentStep',
      render: (_, request) => {
        const step = request.steps.find((candidate) => candidate.stepNo === request.currentStep);
        if (!step || request.status !== 'pending') return '—';
        return `${t(`common.roles.${step.role}`)}${step.approverName ? ` · ${step.approverName}` : ''}`;
      },
    },
    { title: t('approvals.columns.createdAt'), key: 'createdAt', render: (_, request) => <DateTimeText value={request.createdAt} /> },
  ];

  return (
    <>
      <PageHeader title={t('approvals.inbox.title')} subtitle={t('approvals.inbox.subtitle')} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Tabs
            activeKey={box}
            onChange={(key) => {
              setPaging((current) => ({ ...current, page: 1 }));
              setSearchParams(key === 'inbox' ? {} : { box: key });
            }}
            items={BOXES.map((key) => ({
              key,
              label: <span data-testid={`approvals-tab-${key}`}>{t(`approvals.inbox.tabs.${key}`)}</span>,
            }))}
            style={{ marginBottom: 0 }}
          />
          <Select<ApprovalStatus>
            allowClear
            placeholder={t('approvals.inbox.filterStatus')}
            value={status}
            onChange={(value) => {
              setStatus(value ?? undefined);
              setPaging((current) => ({ ...current, page: 1 }));
            }}
            options={APPROVAL_STATUSES.map((value) => ({ value, label: t(`approvals.status.${value}`) }))}
            style={{ width: 140 }}
            data-testid="approvals-filter-status"
          />
        </Flex>
        <DataTable<ApprovalRequest>
          testId="approvals-table"
          data={approvals.data}
          loading={approvals.isFetching}
          error={approvals.error}
          onRetry={() => void approvals.refetch()}
          rowKey={(request) => request.id}
          onPageChange={(page, pageSize) => setPaging({ page, pageSize })}
          onRowClick={(request) => navigate(`/approvals/${request.id}${query ? `?${query}` : ''}`)}
          columns={columns}
        />
      </Card>
      <ApprovalDrawer id={id} onClose={() => navigate(`/approvals${query ? `?${query}` : ''}`)} />
    </>
  );
}
