import { Card, Space, Table, Tag, Typography } from 'antd';
import { RiseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan } from '../../core/session';
import { useReviews, type ReviewList } from './api';
import { GradeTag } from './labels';

type Row = ReviewList['rows'][number];

/** On a phone the list keeps the period, the person, the total and the grade; the rest is on the review. */
const PHONE_HIDDEN: 'sm'[] = ['sm'];

function ReviewTable({ rows, loading, showPerson, testId }: { rows: Row[]; loading: boolean; showPerson: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table<Row>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('performance.list.empty') }}
      data-testid={testId}
      columns={[
        {
          title: t('performance.list.period'),
          key: 'period',
          render: (_: unknown, row) => (
            <Link to={`/performance/reviews/${row.id}`} data-testid={`review-link-${row.personId}`}>
              {row.periodFrom} ~ {row.periodTo}
            </Link>
          ),
        },
        ...(showPerson
          ? [
              { title: t('performance.list.person'), dataIndex: 'personName' },
              {
                title: t('performance.list.team'),
                dataIndex: 'teamName',
                render: (v: string | null) => v ?? '—',
                responsive: PHONE_HIDDEN,
              },
            ]
          : [{ title: t('performance.list.template'), dataIndex: 'templateName', responsive: PHONE_HIDDEN }]),
        {
          title: t('performance.list.status'),
          dataIndex: 'status',
          render: (s: Row['status']) => t(`performance.statuses.${s}`),
          responsive: PHONE_HIDDEN,
        },
        {
          title: t('performance.list.total'),
          dataIndex: 'total',
          align: 'right' as const,
          render: (v: number | null) => (v === null ? '—' : v.toFixed(1)),
        },
        { title: t('performance.list.grade'), dataIndex: 'grade', render: (g: Row['grade']) => <GradeTag grade={g} /> },
        {
          title: t('performance.list.acknowledged'),
          dataIndex: 'acknowledgedAt',
          responsive: PHONE_HIDDEN,
          render: (v: string | null) => (v ? t('performance.list.acknowledgedYes') : t('performance.list.acknowledgedNo')),
        },
        {
          title: t('performance.list.appeals'),
          dataIndex: 'pendingAppeals',
          responsive: PHONE_HIDDEN,
          align: 'right' as const,
          render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : '—'),
        },
        {
          title: t('performance.list.promotion'),
          dataIndex: 'promotionReady',
          responsive: PHONE_HIDDEN,
          render: (ready: boolean) =>
            ready ? <RiseOutlined style={{ color: '#389e0d' }} aria-label={t('performance.review.promotionReady')} /> : '—',
        },
      ]}
    />
  );
}

function RatingQueue() {
  const { t } = useTranslation();
  const queue = useReviews('rate');
  const rows = queue.data?.rows ?? [];
  return (
    <Card title={t('performance.list.rateQueue')} size="small" data-testid="rating-queue">
      <ErrorAlert error={queue.error} onReload={() => void queue.refetch()} />
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t('performance.list.rateEmpty')}</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {rows.map((row) => (
            <Space key={row.id} wrap>
              <Link to={`/performance/reviews/${row.id}`} data-testid={`rate-link-${row.personId}`}>
                {row.personName}
              </Link>
              <Typography.Text type="secondary">
                {row.periodFrom} ~ {row.periodTo}
              </Typography.Text>
              <Tag color={row.myRating === 'done' ? 'green' : 'gold'}>{t(`performance.list.ratingStates.${row.myRating}`)}</Tag>
            </Space>
          ))}
        </Space>
      )}
    </Card>
  );
}

/** My reviews (as the person) with the peer-rating queue; team reviews (as the supervisor) with the rating queue. */
export function ReviewsPage({ scope }: { scope: 'mine' | 'team' }) {
  const { t } = useTranslation();
  const can = useCan();
  const [params] = useSearchParams();
  const list = useReviews(scope, params.get('cycleId'));
  return (
    <>
      <PageHeader title={t(scope === 'mine' ? 'performance.list.mineTitle' : 'performance.list.teamTitle')} />
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {can('performance.rate') ? <RatingQueue /> : null}
        <ErrorAlert error={list.error} onReload={() => void list.refetch()} />
        <Card styles={{ body: { padding: 0 } }}>
          <ReviewTable rows={list.data?.rows ?? []} loading={list.isPending} showPerson={scope === 'team'} testId={`reviews-${scope}`} />
        </Card>
      </Space>
    </>
  );
}

export const MyReviewsPage = () => <ReviewsPage scope="mine" />;
export const TeamReviewsPage = () => <ReviewsPage scope="team" />;
