import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FeedEntry, FeedPage } from '@xiaoguan/shared';
import { applyLocale } from '../../core/i18n';
import { renderInApp } from '../../test/render';
import { ActivityFeed } from './ActivityFeed';

const CUSTOMER = '00000000-0000-4000-8000-0000000000c1';
const QUOTE = '00000000-0000-4000-8000-0000000000a1';
const DEAL = '00000000-0000-4000-8000-0000000000d1';

const entry = (overrides: Partial<FeedEntry>): FeedEntry => ({
  id: 'x',
  type: 'interaction',
  event: 'logged',
  at: '2026-03-02T02:00:00.000Z',
  actorId: '00000000-0000-4000-8000-000000000001',
  actorName: '王小明',
  record: { kind: 'interaction', id: '00000000-0000-4000-8000-0000000000e1', label: 'visit' },
  params: { channel: 'visit' },
  text: null,
  ...overrides,
});

const PAGE_1: FeedPage = {
  items: [
    entry({
      id: 'quote:created:1',
      type: 'quote',
      event: 'created',
      record: { kind: 'quote', id: QUOTE, label: 'BJ-2026-000123' },
      params: { totalCents: 4_800_000 },
    }),
    entry({
      id: 'stage:1',
      type: 'stage',
      event: 'stage_changed',
      record: { kind: 'opportunity', id: DEAL, label: '华东区扩容' },
      params: { fromStage: 'lead', toStage: 'discovery', amountCents: 5_000_000 },
    }),
  ],
  nextCursor: '2026-03-02T02:00:00.000Z|stage:1',
};
const PAGE_2: FeedPage = {
  items: [entry({ id: 'interaction:logged:1', text: '上门拜访，客户关心实施周期', params: { channel: 'visit' } })],
  nextCursor: null,
};

/** The feed API as the server answers it; records each request's query. */
function serveFeed(): URL[] {
  const requests: URL[] = [];
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    requests.push(url);
    const page = url.searchParams.get('before')
      ? PAGE_2
      : url.searchParams.get('types') === 'quote'
        ? { items: [PAGE_1.items[0]!], nextCursor: null }
        : PAGE_1;
    return new Response(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return requests;
}

afterEach(() => applyLocale('zh-CN'));
/** jsdom and antd are slow on a busy machine: wait longer than testing-library's default second. */
const WAIT = { timeout: 10_000 };

describe('activity feed component', { timeout: 60_000 }, () => {
  it('shows each entry in the reader’s language with a link to its record, and loads older entries', async () => {
    const user = userEvent.setup();
    serveFeed();
    renderInApp(<ActivityFeed path={`/customers/${CUSTOMER}/feed`} customerId={CUSTOMER} />);
    expect(await screen.findByText('创建报价', {}, WAIT)).toBeInTheDocument();
    expect(screen.getByText('商机阶段：线索 → 需求挖掘')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'BJ-2026-000123' })).toHaveAttribute('href', `/quotes/${QUOTE}`);
    expect(screen.getByRole('link', { name: '华东区扩容' })).toHaveAttribute('href', `/opportunities/${DEAL}`);
    expect(screen.getByText('¥48,000.00')).toBeInTheDocument();

    await user.click(screen.getByTestId('feed-load-more'));
    expect(await screen.findByText('上门拜访，客户关心实施周期', {}, WAIT)).toBeInTheDocument();
    expect(screen.getByText('记录了拜访')).toBeInTheDocument();
    expect(screen.queryByTestId('feed-load-more')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('feed-entry')).toHaveLength(3);
  });

  it('filters by type through the API and says so when nothing matches', async () => {
    const user = userEvent.setup();
    const requests = serveFeed();
    renderInApp(<ActivityFeed path={`/customers/${CUSTOMER}/feed`} customerId={CUSTOMER} />);
    await screen.findByText('创建报价', {}, WAIT);
    await user.click(within(screen.getByTestId('feed-filter-types')).getByRole('combobox'));
    await user.click(await screen.findByTitle('报价', {}, WAIT));
    await screen.findByText('清除筛选', {}, WAIT);
    expect(requests.at(-1)?.searchParams.get('types')).toBe('quote');
    expect(screen.queryByText('商机阶段：线索 → 需求挖掘')).not.toBeInTheDocument();
  });

  it('speaks English to an English reader: no Chinese labels, no raw keys', async () => {
    await applyLocale('en-US');
    serveFeed();
    renderInApp(<ActivityFeed path={`/opportunities/${DEAL}/feed`} customerId={CUSTOMER} />);
    expect(await screen.findByText('Created a quote', {}, WAIT)).toBeInTheDocument();
    expect(screen.getByText('Deal stage: Lead → Discovery')).toBeInTheDocument();
    // Names are data (the deal's, the person's); everything else is interface text.
    const text = (screen.getByTestId('activity-feed').textContent ?? '').replace('华东区扩容', '').replaceAll('王小明', '');
    expect(text).not.toMatch(/feed\.|[\u4e00-\u9fff]/);
  });
});
