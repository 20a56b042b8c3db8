import { sql } from 'drizzle-orm';
import { message } from '@xiaoguan/shared';
import type { AlertFinding, AlertRule } from '../../platform/alerts/index.js';
import { formatYuan } from '../../platform/pdf/pdf.js';

const DAY_MS = 86_400_000;
const dateOf = (day: number) => new Date(day).toISOString().slice(0, 10);

/**
 * R-RSK-1 bookings drop: last week's bookings more than `pct` % below the average of the four weeks
 * before it. Nothing booked in those four weeks is no pattern to drop from.
 */
export function bookingsDropped(lastWeekCents: number, trailingWeeksCents: readonly number[], pct: number): boolean {
  if (trailingWeeksCents.length === 0) return false;
  const average = trailingWeeksCents.reduce((a, b) => a + b, 0) / trailingWeeksCents.length;
  if (average <= 0) return false;
  return lastWeekCents * 100 < average * (100 - pct);
}

/** Last complete week (Monday–Sunday, company days) before `today`, and the four weeks before it. */
export function dropWeeks(today: string): { weekStarts: string[]; lastWeek: { from: string; to: string } } {
  const day = Date.parse(`${today}T00:00:00Z`);
  const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
  const lastMonday = monday - 7 * DAY_MS;
  // Oldest first: four trailing weeks, then last week.
  const weekStarts = [4, 3, 2, 1, 0].map((back) => dateOf(lastMonday - back * 7 * DAY_MS));
  return { weekStarts, lastWeek: { from: dateOf(lastMonday), to: dateOf(lastMonday + 6 * DAY_MS) } };
}

/**
 * R-RSK-1 `contracts.bookingsDrop`: a rep's, or a region's, bookings (signed contract amounts on
 * their signing day, as the ledger's signedFrom/signedTo filter counts them) last week more than
 * `pct` % below its trailing four-week average. One alert per rep or region and week. A region's
 * alert is in the scope of the region's manager (its owner), or company-level when it has none.
 */
export const bookingsDropRule: AlertRule = {
  key: 'contracts.bookingsDrop',
  defaults: { enabled: true, params: { pct: 30 }, recipients: ['owner', 'manager'] },
  async evaluate({ db, now, timeZone }, params) {
    const pct = Math.min(100, Math.max(0, params.pct ?? 30));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
    const { weekStarts, lastWeek } = dropWeeks(today);
    const first = weekStarts[0]!;
    const rows = await db.execute<{
      owner_id: string;
      owner_name: string;
      region_id: string | null;
      region_name: string | null;
      week: number;
      cents: string;
    }>(sql`
      select c.owner_id, u.display_name as owner_name, r.id as region_id, r.name as region_name,
             ((c.signed_on - ${first}::date) / 7)::int as week, sum(c.amount_cents)::bigint as cents
        from contracts c
        join users u on u.id = c.owner_id
        left join org_units ou on ou.id = u.org_unit_id
        left join lateral (select r.id, r.name from org_units r
                            where r.kind = 'region' and ou.path like r.path || '%' order by length(r.path) desc limit 1) r on true
       where c.signed_on >= ${first}::date and c.signed_on <= ${lastWeek.to}::date
       group by 1, 2, 3, 4, 5`);
    type Series = { name: string; ownerId: string | null; weeks: number[] };
    const reps = new Map<string, Series>();
    const regions = new Map<string, Series>();
    for (const row of rows.rows) {
      const rep = reps.get(row.owner_id) ?? { name: row.owner_name, ownerId: row.owner_id, weeks: [0, 0, 0, 0, 0] };
      rep.weeks[row.week]! += Number(row.cents);
      reps.set(row.owner_id, rep);
      if (row.region_id) {
        const region = regions.get(row.region_id) ?? { name: row.region_name ?? '', ownerId: null, weeks: [0, 0, 0, 0, 0] };
        region.weeks[row.week]! += Number(row.cents);
        regions.set(row.region_id, region);
      }
    }
    if (regions.size > 0) {
      const managers = await db.execute<{ region_id: string; id: string }>(sql`
        select distinct on (u.org_unit_id) u.org_unit_id as region_id, u.id from users u
         where u.org_unit_id in (${sql.join(
           [...regions.keys()].map((id) => sql`${id}`),
           sql`, `,
         )})
           and 'manager' = any(u.roles) and not u.disabled
         order by u.org_unit_id, u.created_at, u.id`);
      for (const row of managers.rows) regions.get(row.region_id)!.ownerId = row.id;
    }
    const findings: AlertFinding[] = [];
    const consider = (kind: 'rep' | 'region', id: string, series: Series) => {
      const last = series.weeks[4]!;
      const trailing = series.weeks.slice(0, 4);
      if (!bookingsDropped(last, trailing, pct)) return;
      const average = Math.round(trailing.reduce((a, b) => a + b, 0) / 4);
      const dropPct = Math.round((1 - last / average) * 100);
      const values = { name: series.name, week: lastWeek.from, amount: formatYuan(last), average: formatYuan(average), pct: dropPct };
      const query = new URLSearchParams({ signedFrom: lastWeek.from, signedTo: lastWeek.to, ...(kind === 'rep' ? { ownerId: id } : {}) });
      findings.push({
        subjectKey: `${kind}:${id}:${lastWeek.from}`,
        ownerId: series.ownerId,
        severity: dropPct >= 2 * pct ? 'critical' : 'warning',
        message: message(`contracts.alertRules.bookingsDrop.${kind}`, values),
        text: `${series.name} 上周（${lastWeek.from} 起）签约 ${values.amount}，比前四周周均 ${values.average} 下降 ${dropPct}%`,
        link: `/contracts?${query.toString()}`,
        evidence: { week: lastWeek.from, lastWeekCents: last, averageCents: average, dropPct, thresholdPct: pct },
      });
    };
    for (const [id, series] of reps) consider('rep', id, series);
    for (const [id, series] of regions) consider('region', id, series);
    return findings;
  },
};
