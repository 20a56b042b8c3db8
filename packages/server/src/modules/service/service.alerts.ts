import { sql } from 'drizzle-orm';
import { message, type SurveyScores } from '@xiaoguan/shared';
import type { AlertRule } from '../../platform/alerts/index.js';
import { scoreSurveys } from './survey-score.js';

const DAY_MS = 86_400_000;

/**
 * R-RSK-1 `service.satisfactionDrop` (issue 20 item 7): the CSAT (R-SVC-2) of a rep's customers over
 * the last `days` fell by at least `dropPoints` percentage points against the `days` before, with at
 * least `minAnswers` answers in each window (fewer say nothing). Returns the drop, or null.
 */
export function satisfactionDrop(
  recent: SurveyScores,
  previous: SurveyScores,
  params: { dropPoints: number; minAnswers: number },
): number | null {
  if (recent.csat === null || previous.csat === null) return null;
  if (recent.csatCount < params.minAnswers || previous.csatCount < params.minAnswers) return null;
  const drop = Math.round((previous.csat - recent.csat) * 10) / 10;
  return drop >= params.dropPoints ? drop : null;
}

export const satisfactionDropRule: AlertRule = {
  key: 'service.satisfactionDrop',
  defaults: { enabled: true, params: { days: 30, dropPoints: 15, minAnswers: 5 }, recipients: ['owner', 'manager'] },
  async evaluate({ db, now }, params) {
    const days = Math.max(1, Math.floor(params.days ?? 30));
    const limits = { dropPoints: params.dropPoints ?? 15, minAnswers: Math.max(1, Math.floor(params.minAnswers ?? 5)) };
    const split = new Date(now.getTime() - days * DAY_MS);
    const start = new Date(now.getTime() - 2 * days * DAY_MS);
    const rows = await db.execute<{ owner_id: string; owner_name: string; csat: number; recent: boolean }>(sql`
      select l.owner_id, u.display_name as owner_name, l.csat, l.answered_at >= ${split} as recent
        from survey_links l join users u on u.id = l.owner_id
       where l.answered_at >= ${start} and l.answered_at < ${now} and l.csat is not null
       order by l.owner_id`);
    const byOwner = new Map<string, { name: string; recent: { csat: number; nps: null }[]; previous: { csat: number; nps: null }[] }>();
    for (const row of rows.rows) {
      const entry = byOwner.get(row.owner_id) ?? { name: row.owner_name, recent: [], previous: [] };
      (row.recent ? entry.recent : entry.previous).push({ csat: Number(row.csat), nps: null });
      byOwner.set(row.owner_id, entry);
    }
    return [...byOwner.entries()].flatMap(([ownerId, entry]) => {
      const recent = scoreSurveys(entry.recent);
      const previous = scoreSurveys(entry.previous);
      const drop = satisfactionDrop(recent, previous, limits);
      if (drop === null) return [];
      const values = { rep: entry.name, before: previous.csat!, now: recent.csat!, drop, days };
      return [
        {
          subjectKey: ownerId,
          ownerId,
          severity: drop >= limits.dropPoints * 2 ? ('critical' as const) : ('warning' as const),
          message: message('service.alertRules.satisfactionDrop.summary', values),
          text: `${entry.name} 的客户满意度近 ${days} 天 ${recent.csat}%，此前 ${previous.csat}%，下降 ${drop} 个百分点`,
          link: `/survey-results?ownerId=${ownerId}`,
          evidence: {
            csatNow: recent.csat!,
            csatBefore: previous.csat!,
            answersNow: recent.csatCount,
            answersBefore: previous.csatCount,
            dropPoints: drop,
            thresholdPoints: limits.dropPoints,
          },
        },
      ];
    });
  },
};
