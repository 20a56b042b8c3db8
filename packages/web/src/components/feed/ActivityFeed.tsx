import { useMemo, useState, type ReactNode } from 'react';
import { Button, DatePicker, Empty, Flex, Select, Skeleton, Timeline, Typography } from 'antd';
import {
  AlertOutlined,
  AuditOutlined,
  CheckSquareOutlined,
  DollarOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  MessageOutlined,
  PaperClipOutlined,
  RiseOutlined,
  ShoppingCartOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { FEED_TYPES, type FeedEntry, type FeedPage, type FeedType } from '@xiaoguan/shared';
import { api } from '../../core/api';
import { DateTimeText } from '../DateTimeText';
import { ErrorAlert } from '../ErrorAlert';
import { MoneyText } from '../MoneyText';
import { describeFeedEntry, feedAmount, feedRecordPath } from './feedEntry';

const ICONS: Record<FeedType, ReactNode> = {
  interaction: <MessageOutlined />,
  stage: <RiseOutlined />,
  quote: <FileTextOutlined />,
  approval: <AuditOutlined />,
  contract: <FileDoneOutlined />,
  order: <ShoppingCartOutlined />,
  receipt: <DollarOutlined />,
  task: <CheckSquareOutlined />,
  attachment: <PaperClipOutlined />,
  complaint: <AlertOutlined />,
  escalation: <RiseOutlined />,
  handover: <SwapOutlined />,
};
const COLORS: Record<FeedType, string> = {
  interaction: '#1f4fa3',
  stage: '#7c3aed',
  quote: '#0e7490',
  approval: '#b45309',
  contract: '#15803d',
  order: '#0369a1',
  receipt: '#15803d',
  task: '#64748b',
  attachment: '#64748b',
  complaint: '#b91c1c',
  escalation: '#c2410c',
  handover: '#4338ca',
};
/** Amounts are shown for what carries a deal size; an approval's figure may be a discount. */
const SHOWS_AMOUNT: readonly FeedType[] = ['stage', 'quote', 'contract', 'order', 'receipt'];

const PAGE_SIZE = 30;

export interface FeedFilters {
  types: FeedType[];
  actorId: string | null;
  period: [Dayjs, Dayjs] | null;
}

function FeedItem({ entry, customerId }: { entry: FeedEntry; customerId: string }) {
  const { t } = useTranslation();
  const amount = SHOWS_AMOUNT.includes(entry.type) ? feedAmount(entry) : null;
  return (
    <div data-testid="feed-entry" data-entry-type={entry.type} style={{ paddingBottom: 4, minWidth: 0 }}>
      <Flex gap={6} wrap align="baseline">
        <Typography.Text strong>{describeFeedEntry(entry, t)}</Typography.Text>
        <Link to={feedRecordPath(entry, customerId)} style={{ overflowWrap: 'anywhere' }}>
          {entry.type === 'interaction' ? t('feed.open') : entry.record.label || t('feed.open')}
        </Link>
        {amount !== null ? <MoneyText cents={amount} /> : null}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <DateTimeText value={entry.at} /> · {entry.actorName ?? t('feed.system')}
      </Typography.Text>
      {entry.text ? (
        <Typography.Paragraph
          ellipsis={{ rows: 3, expandable: true, symbol: '…' }}
          style={{ whiteSpace: 'pre-wrap', marginTop: 4, marginBottom: 0, color: 'rgba(0,0,0,0.75)' }}
        >
          {entry.text}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}

/**
 * One timeline of everything about a customer or a deal, from every module that declares a feed
 * source (server: platform/feed), newest first, with filters by type, person and dates; each entry
 * links to its record. `path` is the API path of the feed (`/customers/:id/feed`).
 */
export function ActivityFeed({ path, customerId, actions }: { path: string; customerId: string; actions?: ReactNode }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<FeedFilters>({ types: [], actorId: null, period: null });
  const query = useInfiniteQuery({
    queryKey: ['feed', path, filters.types.join(','), filters.actorId, filters.period?.map((day) => day.format('YYYY-MM-DD')).join('~')],
    queryFn: ({ pageParam }) =>
      api.get<FeedPage>(path, {
        types: filters.types.length ? filters.types.join(',') : undefined,
        actorId: filters.actorId ?? undefined,
        from: filters.period?.[0].format('YYYY-MM-DD'),
        to: filters.period?.[1].format('YYYY-MM-DD'),
        before: pageParam ?? undefined,
        limit: PAGE_SIZE,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
  });
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  // People seen in the feed so far (and the one filtered on), for the "by" filter.
  const [people, setPeople] = useState<Map<string, string>>(new Map());
  const seen = useMemo(() => {
    const next = new Map(people);
    for (const entry of items) if (entry.actorId && entry.actorName) next.set(entry.actorId, entry.actorName);
    return next;
  }, [items, people]);
  const filtered = filters.types.length > 0 || filters.actorId !== null || filters.period !== null;

  return (
    <div data-testid="activity-feed">
      <Flex gap={8} wrap align="center" justify="space-between" style={{ marginBottom: 16 }}>
        <Flex gap={8} wrap align="center" style={{ flex: '1 1 auto', minWidth: 0 }}>
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('feed.filters.types')}
            aria-label={t('feed.filters.types')}
            style={{ minWidth: 160, maxWidth: '100%', flex: '1 1 180px' }}
            value={filters.types}
            onChange={(types: FeedType[]) => setFilters((current) => ({ ...current, types }))}
            options={FEED_TYPES.map((type) => ({ value: type, label: t(`feed.types.${type}`) }))}
            data-testid="feed-filter-types"
          />
          <Select
            allowClear
            placeholder={t('feed.filters.who')}
            aria-label={t('feed.filters.who')}
            style={{ minWidth: 130, flex: '0 1 160px' }}
            value={filters.actorId ?? undefined}
            onChange={(actorId?: string) => {
              setPeople(seen);
              setFilters((current) => ({ ...current, actorId: actorId ?? null }));
            }}
            options={[...seen].map(([value, label]) => ({ value, label }))}
            data-testid="feed-filter-who"
          />
          <DatePicker.RangePicker
            allowEmpty={[false, false]}
            style={{ flex: '0 1 240px', minWidth: 0 }}
            value={filters.period}
            onChange={(period) =>
              setFilters((current) => ({ ...current, period: period && period[0] && period[1] ? [period[0], period[1]] : null }))
            }
            aria-label={t('feed.filters.period')}
          />
          {filtered ? (
            <Button type="link" onClick={() => setFilters({ types: [], actorId: null, period: null })}>
              {t('feed.filters.clear')}
            </Button>
          ) : null}
        </Flex>
        {actions}
      </Flex>
      <ErrorAlert error={query.error} onReload={() => void query.refetch()} />
      {query.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('feed.emptyFiltered') : t('feed.empty')} />
      ) : (
        <>
          <Timeline
            items={items.map((entry) => ({
              key: entry.id,
              color: COLORS[entry.type],
              icon: <span style={{ color: COLORS[entry.type], fontSize: 14 }}>{ICONS[entry.type]}</span>,
              content: <FeedItem entry={entry} customerId={customerId} />,
            }))}
          />
          {query.hasNextPage ? (
            <Flex justify="center">
              <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} data-testid="feed-load-more">
                {t('feed.loadMore')}
              </Button>
            </Flex>
          ) : null}
        </>
      )}
    </div>
  );
}
