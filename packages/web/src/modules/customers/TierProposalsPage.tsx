import { useState } from 'react';
import { App, Button, Card, Flex, Popconfirm, Space, Tabs, Tag, Typography } from 'antd';
import { ArrowRightOutlined, CheckOutlined, CloseOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useCan } from '../../core/session';
import { DataTable } from '../../components/DataTable';
import { errorMessage } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useDecideProposal, useGenerateProposals, useTierProposals, type ProposalStatus, type TierProposal } from './api';
import { EmptyState } from './CustomerTable';
import { SegmentTag, TierTag } from './labels';

const STATUSES: readonly ProposalStatus[] = ['pending', 'accepted', 'rejected'];
const STATUS_COLORS: Record<ProposalStatus, string> = { pending: 'processing', accepted: 'success', rejected: 'default' };

/** Quarterly tier changes proposed from RFM segments (R-CUS-2, 002 动态调整机制), for review. */
export default function TierProposalsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [search, setSearch] = useSearchParams();
  const status: ProposalStatus = STATUSES.find((value) => value === search.get('status')) ?? 'pending';
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const proposals = useTierProposals(status, page.page, page.pageSize);
  const decide = useDecideProposal();
  const generate = useGenerateProposals();

  const onDecide = (proposal: TierProposal, decision: 'accept' | 'reject') =>
    decide.mutate(
      { id: proposal.id, decision },
      {
        onSuccess: () => message.success(decision === 'accept' ? t('customers.proposals.accepted') : t('customers.proposals.rejected')),
        onError: (error) => message.error(errorMessage(t, error)),
      },
    );

  const columns: ColumnsType<TierProposal> = [
    {
      title: t('customers.proposals.customer'),
      key: 'customer',
      fixed: 'left',
      render: (_, proposal) => (
        <Link to={`/customers/${proposal.customerId}`} style={{ fontWeight: 500 }}>
          {proposal.customerName}
        </Link>
      ),
    },
    { title: t('customers.proposals.owner'), key: 'owner', render: (_, proposal) => proposal.ownerName ?? t('customers.cadence.inPool') },
    { title: t('customers.proposals.period'), key: 'period', render: (_, proposal) => proposal.period },
    {
      title: t('customers.proposals.change'),
      key: 'change',
      render: (_, proposal) => (
        <Flex gap={6} align="center" style={{ whiteSpace: 'nowrap' }}>
          <TierTag tier={proposal.currentTier} />
          <ArrowRightOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
          <TierTag tier={proposal.proposedTier} />
        </Flex>
      ),
    },
    { title: t('customers.proposals.segment'), key: 'segment', render: (_, proposal) => <SegmentTag segment={proposal.segment} /> },
    {
      title: t('customers.proposals.reason'),
      key: 'reason',
      render: (_, proposal) => (
        <Typography.Text type="secondary" style={{ fontSize: 13, maxWidth: 320, display: 'inline-block' }}>
          {proposal.reason}
        </Typography.Text>
      ),
    },
    status === 'pending'
      ? {
          title: t('customers.proposals.actions'),
          key: 'actions',
          fixed: 'right',
          render: (_, proposal) =>
            proposal.abilities.decide ? (
              <Space size={4}>
                <Popconfirm
                  title={t('common.confirmTitle')}
                  description={t('customers.proposals.acceptConfirm', {
                    name: proposal.customerName,
                    tier: t(`customers.tierTag.${proposal.proposedTier}`),
                  })}
                  onConfirm={() => onDecide(proposal, 'accept')}
                >
                  <Button size="small" type="primary" ghost icon={<CheckOutlined />} data-testid={`proposal-accept-${proposal.id}`}>
                    {t('customers.proposals.accept')}
                  </Button>
                </Popconfirm>
                <Button
                  size="small"
                  icon={<CloseOutlined />}
                  onClick={() => onDecide(proposal, 'reject')}
                  data-testid={`proposal-reject-${proposal.id}`}
                >
                  {t('customers.proposals.reject')}
                </Button>
              </Space>
            ) : null,
        }
      : {
          title: t('customers.proposals.status'),
          key: 'status',
          render: (_, proposal) => (
            <Tag color={STATUS_COLORS[proposal.status]} style={{ marginInlineEnd: 0 }}>
              {t(`customers.proposalStatuses.${proposal.status}`)}
            </Tag>
          ),
        },
  ];

  const empty = proposals.data && proposals.data.total === 0 && !proposals.isFetching;
  return (
    <>
      <PageHeader
        title={t('customers.proposals.title')}
        subtitle={t('customers.proposals.subtitle')}
        extra={
          can('customers.configure') ? (
            <Popconfirm
              title={t('common.confirmTitle')}
              description={t('customers.proposals.generateConfirm')}
              onConfirm={() =>
                generate.mutate(undefined, {
                  onSuccess: (result) => message.success(t('customers.proposals.generated', { count: result.created })),
                  onError: (error) => message.error(errorMessage(t, error)),
                })
              }
            >
              <Button icon={<ThunderboltOutlined />} loading={generate.isPending} data-testid="proposals-generate">
                {t('customers.proposals.generate')}
              </Button>
            </Popconfirm>
          ) : null
        }
      />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={status}
          onChange={(key) => {
            setPage((current) => ({ ...current, page: 1 }));
            setSearch(key === 'pending' ? {} : { status: key }, { replace: true });
          }}
          items={STATUSES.map((value) => ({ key: value, label: t(`customers.proposals.tabs.${value}`) }))}
        />
        {empty ? (
          <div style={{ padding: '32px 0' }} data-testid="proposals-table">
            <EmptyState title={status === 'pending' ? t('customers.proposals.empty') : t('customers.proposals.emptyOther')} />
          </div>
        ) : (
          <DataTable<TierProposal>
            testId="proposals-table"
            data={proposals.data}
            loading={proposals.isFetching}
            error={proposals.error}
            onRetry={() => void proposals.refetch()}
            rowKey={(proposal) => proposal.id}
            onPageChange={(next, pageSize) => setPage({ page: next, pageSize })}
            columns={columns}
          />
        )}
      </Card>
    </>
  );
}
