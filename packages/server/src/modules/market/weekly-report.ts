import { FEEDBACK_TYPES, type FeedbackType, type Sentiment, type WeeklyContent } from '@xiaoguan/shared';

/**
 * R-MKT-1 the weekly market feedback report of a team (003 二.(三).3), as one pure function over the
 * facts the job reads: this week's and last week's feedback, lost deals, and competitor price
 * observations up to the end of the week. Days are company calendar days (`YYYY-MM-DD`); a week is
 * [weekStart, weekStart + 7).
 */
export interface FeedbackFact {
  day: string;
  type: FeedbackType;
  sentiment: Sentiment;
  competitorId: string | null;
  competitorName: string | null;
  text: string;
}
export interface LostDealFact {
  day: string;
  /** The competitor the deal went to ('' when none was named). */
  competitorName: string;
  amountCents: number;
}
export interface PriceFact {
  day: string;
  competitorId: string;
  competitorName: string;
  product: string | null;
  priceCents: number;
}
export interface WeeklyFacts {
  weekStart: string;
  feedback: FeedbackFact[];
  lostDeals: LostDealFact[];
  prices: PriceFact[];
}

const DAY_MS = 86_400_000;
/** `YYYY-MM-DD` shifted by whole days. */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
/** The Monday of the week holding `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return shiftDay(day, -((weekday + 6) % 7));
}

export const TOP_THEMES = 5;
const SAMPLE_LENGTH = 120;

export function buildWeeklyReport(facts: WeeklyFacts): WeeklyContent {
  const start = facts.weekStart;
  const end = shiftDay(start, 7);
  const previousStart = shiftDay(start, -7);
  const inWeek = (day: string) => day >= start && day < end;
  const inLastWeek = (day: string) => day >= previousStart && day < start;

  const thisWeek = facts.feedback.filter((f) => inWeek(f.day));
  const lastWeek = facts.feedback.filter((f) => inLastWeek(f.day));
  const sentiment = { positive: 0, neutral: 0, negative: 0 };
  for (const f of thisWeek) sentiment[f.sentiment] += 1;
  const byType = FEEDBACK_TYPES.map((type) => ({
    type,
    thisWeek: thisWeek.filter((f) => f.type === type).length,
    lastWeek: lastWeek.filter((f) => f.type === type).length,
  })).filter((row) => row.thisWeek > 0 || row.lastWeek > 0);

  // Themes: this week's feedback grouped by type and competitor; the most raised first, then the most negative.
  const groups = new Map<
    string,
    { type: FeedbackType; competitorId: string | null; competitorName: string | null; items: FeedbackFact[] }
  >();
  for (const f of thisWeek) {
    const key = `${f.type}|${f.competitorId ?? ''}`;
    const group = groups.get(key) ?? { type: f.type, competitorId: f.competitorId, competitorName: f.competitorName, items: [] };
    group.items.push(f);
    groups.set(key, group);
  }
  const themes = [...groups.values()]
    .map((group) => {
      const negative = group.items.filter((f) => f.sentiment === 'negative');
      const latest = [...(negative.length ? negative : group.items)].sort((a, b) => b.day.localeCompare(a.day))[0]!;
      return {
        type: group.type,
        competitorId: group.competitorId,
        competitorName: group.competitorName,
        count: group.items.length,
        negative: negative.length,
        sample: latest.text.slice(0, SAMPLE_LENGTH),
      };
    })
    .sort(
      (a, b) =>
        b.count - a.count ||
        b.negative - a.negative ||
        FEEDBACK_TYPES.indexOf(a.type) - FEEDBACK_TYPES.indexOf(b.type) ||
        (a.competitorName ?? '').localeCompare(b.competitorName ?? ''),
    )
    .slice(0, TOP_THEMES);

  // Price moves: per competitor and product, the last price seen this week against the last one before it.
  const series = new Map<string, PriceFact[]>();
  for (const price of facts.prices) {
    if (price.day >= end) continue;
    const key = `${price.competitorId}|${price.product ?? ''}`;
    series.set(key, [...(series.get(key) ?? []), price]);
  }
  const priceMoves = [...series.values()]
    .map((points) => {
      const sorted = points
        .map((point, index) => ({ point, index }))
        .sort((a, b) => a.point.day.localeCompare(b.point.day) || a.index - b.index);
      const current = [...sorted].reverse().find(({ point }) => inWeek(point.day))?.point;
      const previous = [...sorted].reverse().find(({ point }) => point.day < start)?.point;
      if (!current || !previous || current.priceCents === previous.priceCents) return null;
      return {
        competitorId: current.competitorId,
        competitorName: current.competitorName,
        product: current.product,
        previousCents: previous.priceCents,
        currentCents: current.priceCents,
        changeBp: Math.round(((current.priceCents - previous.priceCents) * 10_000) / previous.priceCents),
      };
    })
    .filter((move) => move !== null)
    .sort((a, b) => Math.abs(b.changeBp) - Math.abs(a.changeBp) || a.competitorName.localeCompare(b.competitorName));

  const lostThisWeek = facts.lostDeals.filter((deal) => inWeek(deal.day));
  const lostLastWeek = facts.lostDeals.filter((deal) => inLastWeek(deal.day));
  const names = [...new Set([...lostThisWeek, ...lostLastWeek].map((deal) => deal.competitorName))];
  const byCompetitor = names
    .map((competitorName) => ({
      competitorName,
      thisWeek: lostThisWeek.filter((deal) => deal.competitorName === competitorName).length,
      lastWeek: lostLastWeek.filter((deal) => deal.competitorName === competitorName).length,
      amountCents: lostThisWeek.filter((deal) => deal.competitorName === competitorName).reduce((sum, deal) => sum + deal.amountCents, 0),
    }))
    .sort((a, b) => b.thisWeek - a.thisWeek || b.amountCents - a.amountCents || a.competitorName.localeCompare(b.competitorName));

  return {
    weekStart: start,
    feedback: { thisWeek: thisWeek.length, lastWeek: lastWeek.length },
    sentiment,
    byType,
    themes,
    priceMoves,
    lostDeals: {
      thisWeek: lostThisWeek.length,
      lastWeek: lostLastWeek.length,
      amountCents: lostThisWeek.reduce((sum, deal) => sum + deal.amountCents, 0),
      byCompetitor,
    },
  };
}

/** The roll-up of several teams' weeks (the manager's view): the same report over all their facts' sums. */
export function rollUpReports(weekStart: string, reports: WeeklyContent[]): WeeklyContent {
  const sumTypes = FEEDBACK_TYPES.map((type) => ({
    type,
    thisWeek: reports.reduce((sum, r) => sum + (r.byType.find((row) => row.type === type)?.thisWeek ?? 0), 0),
    lastWeek: reports.reduce((sum, r) => sum + (r.byType.find((row) => row.type === type)?.lastWeek ?? 0), 0),
  })).filter((row) => row.thisWeek > 0 || row.lastWeek > 0);
  const themes = new Map<string, WeeklyContent['themes'][number]>();
  for (const theme of reports.flatMap((r) => r.themes)) {
    const key = `${theme.type}|${theme.competitorId ?? ''}`;
    const known = themes.get(key);
    themes.set(key, known ? { ...known, count: known.count + theme.count, negative: known.negative + theme.negative } : { ...theme });
  }
  const lost = new Map<string, WeeklyContent['lostDeals']['byCompetitor'][number]>();
  for (const row of reports.flatMap((r) => r.lostDeals.byCompetitor)) {
    const known = lost.get(row.competitorName);
    lost.set(
      row.competitorName,
      known
        ? {
            ...known,
            thisWeek: known.thisWeek + row.thisWeek,
            lastWeek: known.lastWeek + row.lastWeek,
            amountCents: known.amountCents + row.amountCents,
          }
        : { ...row },
    );
  }
  const moves = new Map<string, WeeklyContent['priceMoves'][number]>();
  for (const move of reports.flatMap((r) => r.priceMoves)) moves.set(`${move.competitorId}|${move.product ?? ''}`, move);
  const total = (pick: (r: WeeklyContent) => number) => reports.reduce((sum, r) => sum + pick(r), 0);
  return {
    weekStart,
    feedback: { thisWeek: total((r) => r.feedback.thisWeek), lastWeek: total((r) => r.feedback.lastWeek) },
    sentiment: {
      positive: total((r) => r.sentiment.positive),
      neutral: total((r) => r.sentiment.neutral),
      negative: total((r) => r.sentiment.negative),
    },
    byType: sumTypes,
    themes: [...themes.values()].sort((a, b) => b.count - a.count || b.negative - a.negative).slice(0, TOP_THEMES),
    priceMoves: [...moves.values()].sort((a, b) => Math.abs(b.changeBp) - Math.abs(a.changeBp)),
    lostDeals: {
      thisWeek: total((r) => r.lostDeals.thisWeek),
      lastWeek: total((r) => r.lostDeals.lastWeek),
      amountCents: total((r) => r.lostDeals.amountCents),
      byCompetitor: [...lost.values()].sort((a, b) => b.thisWeek - a.thisWeek || b.amountCents - a.amountCents),
    },
  };
}
