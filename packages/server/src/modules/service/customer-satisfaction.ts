import { sql } from 'drizzle-orm';
import type { SurveyScores } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { scoreSurveys } from './survey-score.js';

/**
 * R-SVC-2 scores for groups of customers (the channels module's contribution per partner: the
 * customers of each partner's deals), from the survey answers given in [from, to). One statement for
 * every group; a customer in two groups counts in both. A group without answers gets the scores of
 * no responses (nulls).
 */
export async function satisfactionByCustomerGroup(
  db: Executor,
  scope: { from: Date; to: Date; groups: ReadonlyMap<string, readonly string[]> },
): Promise<Map<string, SurveyScores>> {
  const customerIds = [...new Set([...scope.groups.values()].flat())];
  const answers = new Map<string, { csat: number | null; nps: number | null }[]>();
  if (customerIds.length > 0) {
    const result = await db.execute<{ customer_id: string; csat: number | null; nps: number | null }>(sql`
      select customer_id, csat, nps from survey_links
       where customer_id = any(${sql.param(customerIds)}::uuid[]) and answered_at >= ${scope.from} and answered_at < ${scope.to}`);
    for (const row of result.rows)
      answers.set(row.customer_id, [
        ...(answers.get(row.customer_id) ?? []),
        { csat: row.csat === null ? null : Number(row.csat), nps: row.nps === null ? null : Number(row.nps) },
      ]);
  }
  return new Map([...scope.groups].map(([key, ids]) => [key, scoreSurveys([...new Set(ids)].flatMap((id) => answers.get(id) ?? []))]));
}
