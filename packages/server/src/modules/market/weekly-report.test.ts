import { describe, expect, it } from 'vitest';
import { buildWeeklyReport, mondayOf, rollUpReports, type FeedbackFact } from './weekly-report.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const fb = (
  day: string,
  type: FeedbackFact['type'],
  sentiment: FeedbackFact['sentiment'],
  competitor: 'A' | 'B' | null,
  text = '客户反馈',
): FeedbackFact => ({
  day,
  type,
  sentiment,
  competitorId: competitor === 'A' ? A : competitor === 'B' ? B : null,
  competitorName: competitor === 'A' ? '甲公司' : competitor === 'B' ? '乙公司' : null,
  text,
});

describe('R-MKT-1 weekly market feedback report', () => {
  const week = '2026-06-08'; // a Monday

  it('R-MKT-1 counts this week against last week by type and sentiment, the week being Monday to Sunday', () => {
    const report = buildWeeklyReport({
      weekStart: week,
      feedback: [
        fb('2026-06-01', 'price', 'negative', 'A'), // last week, first day
        fb('2026-06-07', 'service', 'neutral', null), // last week, last day
        fb('2026-06-08', 'price', 'negative', 'A'), // this week, first day
        fb('2026-06-14', 'product', 'positive', 'B'), // this week, last day
        fb('2026-06-15', 'price', 'negative', 'A'), // next week: not counted
        fb('2026-05-31', 'policy', 'negative', null), // two weeks ago: not counted
      ],
      lostDeals: [],
      prices: [],
    });
    expect(report.feedback).toEqual({ thisWeek: 2, lastWeek: 2 });
    expect(report.sentiment).toEqual({ positive: 1, neutral: 0, negative: 1 });
    expect(report.byType).toEqual([
      { type: 'price', thisWeek: 1, lastWeek: 1 },
      { type: 'product', thisWeek: 1, lastWeek: 0 },
      { type: 'service', thisWeek: 0, lastWeek: 1 },
    ]);
  });

  it('R-MKT-1 ranks themes by how often they were raised, then by how negative, and keeps the top five', () => {
    const feedback = [
      fb('2026-06-09', 'price', 'negative', 'A', '甲公司报价低 10%'),
      fb('2026-06-10', 'price', 'neutral', 'A', '甲公司在谈年框'),
      fb('2026-06-09', 'service', 'negative', null, '安装慢'),
      fb('2026-06-10', 'service', 'negative', null, '售后电话打不通'),
      fb('2026-06-11', 'product', 'positive', 'B'),
      fb('2026-06-11', 'channel', 'neutral', null),
      fb('2026-06-11', 'policy', 'neutral', null),
      fb('2026-06-12', 'product', 'neutral', 'A'),
    ];
    const report = buildWeeklyReport({ weekStart: week, feedback, lostDeals: [], prices: [] });
    expect(report.themes).toHaveLength(5);
    expect(report.themes[0]).toMatchObject({ type: 'service', competitorId: null, count: 2, negative: 2, sample: '售后电话打不通' });
    expect(report.themes[1]).toMatchObject({ type: 'price', competitorName: '甲公司', count: 2, negative: 1, sample: '甲公司报价低 10%' });
    expect(report.themes.slice(2).map((theme) => theme.count)).toEqual([1, 1, 1]);
  });

  it('R-MKT-1 reports a competitor price move only when this week’s last price differs from the last one before the week', () => {
    const price = (day: string, cents: number, product: string | null = 'RO-500') => ({
      day,
      competitorId: A,
      competitorName: '甲公司',
      product,
      priceCents: cents,
    });
    const report = buildWeeklyReport({
      weekStart: week,
      feedback: [],
      lostDeals: [],
      prices: [
        price('2026-03-02', 300_000),
        price('2026-06-05', 320_000), // the last one before the week
        price('2026-06-09', 310_000),
        price('2026-06-13', 304_000), // this week's last
        price('2026-06-16', 100_000), // after the week: ignored
        price('2026-06-02', 88_000, 'UF-10'),
        price('2026-06-10', 88_000, 'UF-10'), // unchanged: no move
        price('2026-06-10', 50_000, 'new'), // nothing before the week: no move
      ],
    });
    expect(report.priceMoves).toEqual([
      { competitorId: A, competitorName: '甲公司', product: 'RO-500', previousCents: 320_000, currentCents: 304_000, changeBp: -500 },
    ]);
  });

  it('R-MKT-1 counts deals lost this week and last by competitor, with this week’s amount', () => {
    const report = buildWeeklyReport({
      weekStart: week,
      feedback: [],
      prices: [],
      lostDeals: [
        { day: '2026-06-08', competitorName: '甲公司', amountCents: 1_000_000 },
        { day: '2026-06-14', competitorName: '甲公司', amountCents: 250_000 },
        { day: '2026-06-07', competitorName: '甲公司', amountCents: 9_999_999 },
        { day: '2026-06-10', competitorName: '', amountCents: 500_000 },
      ],
    });
    expect(report.lostDeals).toEqual({
      thisWeek: 3,
      lastWeek: 1,
      amountCents: 1_750_000,
      byCompetitor: [
        { competitorName: '甲公司', thisWeek: 2, lastWeek: 1, amountCents: 1_250_000 },
        { competitorName: '', thisWeek: 1, lastWeek: 0, amountCents: 500_000 },
      ],
    });
  });

  it('R-MKT-1 rolls several teams up into one week for the manager', () => {
    const one = buildWeeklyReport({ weekStart: week, feedback: [fb('2026-06-09', 'price', 'negative', 'A')], lostDeals: [], prices: [] });
    const two = buildWeeklyReport({
      weekStart: week,
      feedback: [fb('2026-06-09', 'price', 'neutral', 'A'), fb('2026-06-02', 'service', 'negative', null)],
      lostDeals: [{ day: '2026-06-09', competitorName: '甲公司', amountCents: 100 }],
      prices: [],
    });
    const rolled = rollUpReports(week, [one, two]);
    expect(rolled.feedback).toEqual({ thisWeek: 2, lastWeek: 1 });
    expect(rolled.themes[0]).toMatchObject({ type: 'price', competitorId: A, count: 2, negative: 1 });
    expect(rolled.lostDeals.byCompetitor).toEqual([{ competitorName: '甲公司', thisWeek: 1, lastWeek: 0, amountCents: 100 }]);
  });

  it('finds the Monday of a week', () => {
    expect(mondayOf('2026-06-08')).toBe('2026-06-08');
    expect(mondayOf('2026-06-14')).toBe('2026-06-08');
    expect(mondayOf('2026-06-15')).toBe('2026-06-15');
  });
});
