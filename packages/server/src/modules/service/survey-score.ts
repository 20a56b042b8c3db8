import type { SurveyScores } from '@xiaoguan/shared';

export interface SurveyResponseScore {
  /** CSAT 1–5, null when the survey did not ask or the customer skipped it. */
  csat: number | null;
  /** NPS 0–10, likewise. */
  nps: number | null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * R-SVC-2, the one definition of the satisfaction scores (seed 000 满意度调研):
 * - CSAT = share of CSAT answers that are 4 (satisfied) or 5 (very satisfied), in percent;
 *   the average of the 1–5 answers is shown beside it.
 * - NPS = % promoters (9–10) − % detractors (0–6) of the NPS answers, −100…100; 7–8 are passives.
 * Both to one decimal; null when nobody answered that question. A response counts once in
 * `responses` whatever it answered.
 */
export function scoreSurveys(responses: readonly SurveyResponseScore[]): SurveyScores {
  const csat = responses.map((r) => r.csat).filter((v): v is number => v !== null);
  const nps = responses.map((r) => r.nps).filter((v): v is number => v !== null);
  const promoters = nps.filter((v) => v >= 9).length;
  const detractors = nps.filter((v) => v <= 6).length;
  return {
    responses: responses.length,
    csatCount: csat.length,
    csat: csat.length ? round1((csat.filter((v) => v >= 4).length * 100) / csat.length) : null,
    csatAverage: csat.length ? Math.round((csat.reduce((sum, v) => sum + v, 0) / csat.length) * 100) / 100 : null,
    npsCount: nps.length,
    nps: nps.length ? round1(((promoters - detractors) * 100) / nps.length) : null,
    promoters,
    passives: nps.length - promoters - detractors,
    detractors,
  };
}

/**
 * R-SVC-2: a detractor answer — NPS 0–6 or CSAT 1–2 — creates a follow-up task for the customer's
 * owner (002 建立反馈循环).
 */
export function isDetractor(response: SurveyResponseScore): boolean {
  return (response.nps !== null && response.nps <= 6) || (response.csat !== null && response.csat <= 2);
}
