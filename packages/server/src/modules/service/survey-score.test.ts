import { describe, expect, it } from 'vitest';
import { isDetractor, scoreSurveys } from './survey-score.js';

describe('R-SVC-2 survey scores', () => {
  it('CSAT is the share of 4s and 5s; NPS is promoters minus detractors, both in percent', () => {
    const scores = scoreSurveys([
      { csat: 5, nps: 10 },
      { csat: 4, nps: 9 },
      { csat: 3, nps: 8 },
      { csat: 2, nps: 6 },
      { csat: null, nps: 0 },
      { csat: 5, nps: null },
    ]);
    expect(scores).toEqual({
      responses: 6,
      csatCount: 5,
      csat: 60,
      csatAverage: 3.8,
      npsCount: 5,
      nps: 0,
      promoters: 2,
      passives: 1,
      detractors: 2,
    });
  });

  it('rounds to one decimal and gives null, not zero, when nobody answered', () => {
    expect(
      scoreSurveys([
        { csat: 5, nps: 9 },
        { csat: 5, nps: 9 },
        { csat: 1, nps: 7 },
      ]),
    ).toMatchObject({ csat: 66.7, nps: 66.7 });
    expect(scoreSurveys([])).toMatchObject({ responses: 0, csat: null, nps: null, csatAverage: null });
    expect(scoreSurveys([{ csat: null, nps: 3 }])).toMatchObject({ csat: null, nps: -100 });
  });

  it('a detractor is NPS 6 or below or CSAT 2 or below; 7 and 3 are not', () => {
    expect(isDetractor({ csat: null, nps: 6 })).toBe(true);
    expect(isDetractor({ csat: 2, nps: null })).toBe(true);
    expect(isDetractor({ csat: 3, nps: 7 })).toBe(false);
    expect(isDetractor({ csat: null, nps: null })).toBe(false);
  });
});
