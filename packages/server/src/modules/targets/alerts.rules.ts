import { message } from '@xiaoguan/shared';
import type { AlertRule } from '../../platform/alerts/index.js';
import { SYSTEM_ACTOR } from '../../platform/access/index.js';
import { makeCtx } from '../../platform/context.js';
import { calendarDay } from '../../platform/time.js';
import { formatYuan } from '../../platform/pdf/pdf.js';
import { actualsByOwner, dateOfDay, dayNumberOf, projection } from './targets.actuals.js';
import { currentPlan } from './targets.service.js';
import { loadTargetTree } from './targets.tree.js';

const DAY_MS = 86_400_000;

/**
 * R-RSK-1: a month's target is at risk when at most `daysLeft` days remain and the run-rate
 * projection (the cockpit's) is below `pct` % of the target. No target (0): never at risk.
 */
export function targetAtRisk(input: { projection: number; target: number; remainingDays: number }, pct: number, daysLeft: number): boolean {
  if (input.target <= 0) return false;
  return input.remainingDays <= daysLeft && input.projection * 100 < input.target * pct;
}

/**
 * R-RSK-1 `targets.atRisk`: each person's bookings target of the current month against the run rate
 * of their signed contracts so far. The sweep has no user, so it reads the metrics with a
 * company-wide read-only actor (the figures are the cockpit's own functions).
 */
export const targetAtRiskRule: AlertRule = {
  key: 'targets.atRisk',
  defaults: { enabled: true, params: { pct: 80, daysLeft: 10 }, recipients: ['owner', 'manager'] },
  async evaluate({ db, now, timeZone }, params) {
    const today = dateOfDay(calendarDay(now, timeZone));
    const [year, month] = today.split('-').map(Number) as [number, number];
    const period = { from: dateOfDay(Date.UTC(year, month - 1, 1)), to: dateOfDay(Date.UTC(year, month, 0)) };
    const remainingDays = (dayNumberOf(period.to) - dayNumberOf(today)) / DAY_MS;
    const plan = await currentPlan(db, year, 'bookings');
    if (!plan) return [];
    const reader = makeCtx(db, { ...SYSTEM_ACTOR, displayName: 'alerts', roles: ['director'] }, { now });
    const actuals = await actualsByOwner(reader, 'bookings', period, timeZone);
    const tree = await loadTargetTree(db);
    const monthLabel = today.slice(0, 7);
    return tree.nodes
      .filter((node) => node.kind === 'user')
      .flatMap((node) => {
        const target = plan.values.get(node.id)?.[month - 1] ?? 0;
        const actual = actuals.get(node.id) ?? 0;
        const projected = projection(actual, period, today);
        if (!targetAtRisk({ projection: projected, target, remainingDays }, params.pct ?? 80, params.daysLeft ?? 10)) return [];
        const percent = Math.floor((projected * 100) / target);
        return [
          {
            subjectKey: `${node.id}:bookings:${monthLabel}`,
            ownerId: node.id,
            severity: percent < 50 ? ('critical' as const) : ('warning' as const),
            message: message('targets.alertRules.atRisk.summary', {
              name: node.name,
              month: monthLabel,
              percent,
              target: formatYuan(target),
              days: remainingDays,
            }),
            text: `${node.name} ${monthLabel} 签约目标 ${formatYuan(target)}，按当前进度预计完成 ${percent}%，剩 ${remainingDays} 天`,
            link: `/contracts?signedFrom=${period.from}&signedTo=${period.to}&ownerId=${node.id}`,
            evidence: { month: monthLabel, targetCents: target, actualCents: actual, projectionCents: projected, remainingDays },
          },
        ];
      });
  },
};
