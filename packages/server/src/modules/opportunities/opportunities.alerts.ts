import { sql } from 'drizzle-orm';
import { OPEN_STAGES, message, type OpportunityStage } from '@xiaoguan/shared';
import type { AlertRule } from '../../platform/alerts/index.js';

type OpenStage = (typeof OPEN_STAGES)[number];
/** Each open stage's norm: the days an opportunity usually stays in it (threshold settings `<stage>Days`). */
export const STAGE_NORM_DEFAULTS: Record<OpenStage, number> = { lead: 14, discovery: 21, solution: 30, negotiation: 30 };

/**
 * R-RSK-1 stalled opportunity: an open opportunity whose stage has not changed for more than its
 * stage's norm plus `graceDays` days — told once, within `withinDays` days of stalling (one stalled
 * for longer was told of then, or before the rule existed). Won and lost ones never stall.
 */
export function stalled(
  stage: OpportunityStage,
  daysInStage: number,
  norms: Record<string, number>,
  graceDays: number,
  withinDays = Number.POSITIVE_INFINITY,
): boolean {
  if (!(OPEN_STAGES as readonly string[]).includes(stage)) return false;
  const norm = norms[`${stage}Days`] ?? STAGE_NORM_DEFAULTS[stage as OpenStage];
  return daysInStage > norm + graceDays && daysInStage <= norm + graceDays + withinDays;
}

/**
 * R-RSK-1 `opportunities.stalled`: open opportunities with no stage change for N days past their
 * stage's norm. One alert per opportunity and stage entry (moving it on and stalling again is new).
 */
export const stalledOpportunityRule: AlertRule = {
  key: 'opportunities.stalled',
  defaults: {
    enabled: true,
    params: {
      ...Object.fromEntries(OPEN_STAGES.map((stage) => [`${stage}Days`, STAGE_NORM_DEFAULTS[stage]])),
      graceDays: 7,
      // A week's catch-up: the sweep runs hourly, so a longer window only floods a first sweep.
      withinDays: 7,
    },
    recipients: ['owner', 'manager'],
  },
  async evaluate({ db, now, timeZone }, params) {
    const graceDays = Math.max(0, Math.floor(params.graceDays ?? 7));
    const withinDays = Math.max(0, Math.floor(params.withinDays ?? 7));
    const norms = Object.fromEntries(
      OPEN_STAGES.map((stage) => [`${stage}Days`, Math.max(0, Math.floor(params[`${stage}Days`] ?? STAGE_NORM_DEFAULTS[stage]))]),
    );
    const shortest = Math.min(...Object.values(norms)) + graceDays;
    const longest = Math.max(...Object.values(norms)) + graceDays + withinDays;
    const rows = await db.execute<{
      id: string;
      name: string;
      owner_id: string;
      stage: OpportunityStage;
      entered: string;
      days: number;
    }>(sql`
      select o.id, o.name, o.owner_id, o.stage, to_char(o.stage_changed_at at time zone ${timeZone}, 'YYYY-MM-DD') as entered,
             ((${now}::timestamptz at time zone ${timeZone})::date - (o.stage_changed_at at time zone ${timeZone})::date)::int as days
        from opportunities o
       where o.closed_at is null and o.stage in ('lead', 'discovery', 'solution', 'negotiation')
         and o.stage_changed_at < ${now}::timestamptz - make_interval(days => ${shortest})
         and o.stage_changed_at >= ${now}::timestamptz - make_interval(days => ${longest + 1})
       order by o.id`);
    return rows.rows
      .filter((row) => stalled(row.stage, row.days, norms, graceDays, withinDays))
      .map((row) => {
        const norm = norms[`${row.stage}Days`]!;
        const values = { opportunity: row.name, stage: row.stage, days: row.days, norm };
        return {
          subjectKey: `opportunity:${row.id}:${row.stage}:${row.entered}`,
          ownerId: row.owner_id,
          severity: row.days > 2 * (norm + graceDays) ? ('critical' as const) : ('warning' as const),
          message: message('opportunities.alertRules.stalled.summary', values),
          text: `商机 ${row.name} 在「${row.stage}」阶段停留 ${row.days} 天（常规 ${norm} 天）`,
          link: `/opportunities/${row.id}`,
          evidence: { stage: row.stage, stageEnteredOn: row.entered, daysInStage: row.days, normDays: norm, graceDays },
        };
      });
  },
};
