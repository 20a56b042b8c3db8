import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REP_TEMPLATE,
  gradeOf,
  kpiTemplateInputSchema,
  promotionReady,
  scoreOnCurve,
  scoreRated,
  scoreReview,
  templateProblem,
  type KpiItem,
} from './performance.js';

const grades = { a: 90, b: 75, c: 60 };

describe('R-KPI-1 KPI scoring', () => {
  it('R-KPI-1 template weights must add up to 100 %', () => {
    const items = DEFAULT_REP_TEMPLATE.items;
    expect(templateProblem(items, DEFAULT_REP_TEMPLATE.raterWeights)).toBeNull();
    const short = items.map((item, i) => (i === 0 ? { ...item, weight: item.weight - 1 } : item));
    expect(templateProblem(short, DEFAULT_REP_TEMPLATE.raterWeights)?.message).toBe('the weights add up to 99 %, not 100 %');
    const parsed = kpiTemplateInputSchema.safeParse({ ...DEFAULT_REP_TEMPLATE, items: short });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['items']);
    // A computed KPI without a curve, and rater weights off 100, are refused too.
    const noCurve: KpiItem[] = items.map((item) => (item.key === 'dso' ? { ...item, curve: null } : item));
    expect(templateProblem(noCurve, DEFAULT_REP_TEMPLATE.raterWeights)?.path).toEqual(['items', 5, 'curve']);
    expect(templateProblem(items, { supervisor: 50, peer: 20, customer: 20 })?.path).toEqual(['raterWeights']);
  });

  it('R-KPI-1 linear curve: 0 at the floor, 100 at the target, linear between, capped', () => {
    const curve = { kind: 'linear' as const, floor: 50, target: 100, cap: 120 };
    expect(scoreOnCurve(curve, 50)).toBe(0);
    expect(scoreOnCurve(curve, 40)).toBe(0);
    expect(scoreOnCurve(curve, 80)).toBe(60); // (80 − 50) ÷ 50 = 60 %
    expect(scoreOnCurve(curve, 100)).toBe(100);
    expect(scoreOnCurve(curve, 105)).toBe(110);
    expect(scoreOnCurve(curve, 130)).toBe(120); // capped
    expect(scoreOnCurve(curve, null)).toBeNull();
    // Lower is better (DSO): floor 120 days, target 45 days.
    const dso = { kind: 'linear' as const, floor: 120, target: 45, cap: 100 };
    expect(scoreOnCurve(dso, 60)).toBe(80); // (60 − 120) ÷ (45 − 120) = 0.8
    expect(scoreOnCurve(dso, 30)).toBe(100);
    expect(scoreOnCurve(dso, 150)).toBe(0);
  });

  it('R-KPI-1 banded curve: the best band reached', () => {
    const curve = {
      kind: 'banded' as const,
      direction: 'higher' as const,
      bands: [
        { threshold: 60, score: 60 },
        { threshold: 80, score: 85 },
        { threshold: 90, score: 100 },
      ],
    };
    expect(scoreOnCurve(curve, 59.9)).toBe(0);
    expect(scoreOnCurve(curve, 60)).toBe(60);
    expect(scoreOnCurve(curve, 89.9)).toBe(85);
    expect(scoreOnCurve(curve, 90)).toBe(100);
    const lower = {
      kind: 'banded' as const,
      direction: 'lower' as const,
      bands: [
        { threshold: 2, score: 100 },
        { threshold: 5, score: 70 },
      ],
    };
    expect(scoreOnCurve(lower, 1)).toBe(100);
    expect(scoreOnCurve(lower, 5)).toBe(70);
    expect(scoreOnCurve(lower, 5.1)).toBe(0);
  });

  it('R-KPI-1 rated KPIs: supervisor, peers and customers by weight; customers only from the minimum count', () => {
    const weights = { supervisor: 60, peer: 25, customer: 15 };
    const raters = { supervisor: { teamwork: 80 }, peers: [{ teamwork: 70 }, { teamwork: 90 }], customer: { score: 60, answers: 3 } };
    // 80 × 0.60 + 80 × 0.25 + 60 × 0.15 = 48 + 20 + 9 = 77
    expect(scoreRated('teamwork', raters, weights, 3)).toEqual({ score: 77, supervisor: 80, peer: 80, customer: 60 });
    // Two answers are below the minimum of 3: customers drop out, 80 × 60/85 + 80 × 25/85 = 80
    expect(scoreRated('teamwork', { ...raters, customer: { score: 60, answers: 2 } }, weights, 3)).toEqual({
      score: 80,
      supervisor: 80,
      peer: 80,
      customer: null,
    });
    // No one has rated: no score.
    expect(scoreRated('teamwork', { supervisor: null, peers: [], customer: null }, weights, 3).score).toBeNull();
  });

  it('R-KPI-1 weighted total and grade, hand-computed for the default rep template', () => {
    const result = scoreReview({
      items: DEFAULT_REP_TEMPLATE.items,
      // attainment 80 % → 60; collections 120 % of goal → 100 (cap 100); new customers 50 % → 50;
      // CSAT 85 → 85; complaint rate 5.5 per 100 orders → (5.5 − 10) ÷ (1 − 10) = 50; DSO 60 → 80.
      values: { attainment: 80, collections: 120, new_customers: 50, satisfaction: 85, complaint_rate: 5.5, dso: 60 },
      raters: {
        supervisor: { teamwork: 80, skills: 90 },
        peers: [{ teamwork: 70, skills: 60 }, { teamwork: 90 }],
        customer: { score: 60, answers: 4 },
      },
      raterWeights: DEFAULT_REP_TEMPLATE.raterWeights,
      settings: { grades, minCustomerAnswers: 3 },
    });
    // teamwork 77 (above); skills: 90 × .60 + 60 × .25 + 60 × .15 = 54 + 15 + 9 = 78
    expect(Object.fromEntries(result.scores.map((s) => [s.key, s.score]))).toEqual({
      attainment: 60,
      collections: 100,
      new_customers: 50,
      satisfaction: 85,
      complaint_rate: 50,
      dso: 80,
      teamwork: 77,
      skills: 78,
    });
    // 60×.30 + 100×.10 + 50×.15 + 85×.10 + 50×.05 + 80×.10 + 77×.10 + 78×.10
    // = 18 + 10 + 7.5 + 8.5 + 2.5 + 8 + 7.7 + 7.8 = 70
    expect(result.total).toBe(70);
    expect(result.grade).toBe('C');
  });

  it('R-KPI-1 a KPI without a figure counts 0; an upheld appeal sets the score', () => {
    const items = DEFAULT_REP_TEMPLATE.items;
    const base = {
      items,
      values: { attainment: 100, collections: 100, new_customers: 100, satisfaction: 95, complaint_rate: 1, dso: null },
      raters: { supervisor: { teamwork: 100, skills: 100 }, peers: [], customer: null },
      raterWeights: DEFAULT_REP_TEMPLATE.raterWeights,
      settings: { grades, minCustomerAnswers: 3 },
    };
    const without = scoreReview(base);
    expect(without.scores.find((s) => s.key === 'dso')?.score).toBeNull();
    expect(without.total).toBe(90); // 100 % of everything but DSO (10 %)
    expect(without.grade).toBe('A');
    const appealed = scoreReview({ ...base, overrides: { dso: 50 } });
    expect(appealed.total).toBe(95);
  });

  it('R-KPI-1 grade bands: the boundary is in the higher grade', () => {
    expect(gradeOf(90, grades)).toBe('A');
    expect(gradeOf(89.9, grades)).toBe('B');
    expect(gradeOf(75, grades)).toBe('B');
    expect(gradeOf(60, grades)).toBe('C');
    expect(gradeOf(59.9, grades)).toBe('D');
  });

  it('promotion readiness: two consecutive A grades, shown only', () => {
    expect(promotionReady(['A', 'A', 'C'])).toBe(true);
    expect(promotionReady(['A', 'B', 'A'])).toBe(false);
    expect(promotionReady(['A'])).toBe(false);
  });
});
