import { sql } from 'drizzle-orm';
import { message, rectificationUrgency } from '@xiaoguan/shared';
import type { AlertFinding, AlertRule } from '../../platform/alerts/index.js';
import { iso } from '../../platform/db/client.js';

type Row = {
  id: string;
  title: string;
  owner_id: string;
  owner_name: string;
  deadline: string;
  status: 'open' | 'rejected';
  finding_id: string;
  finding_title: string;
};

async function openTasks(db: Parameters<AlertRule['evaluate']>[0]['db']): Promise<Row[]> {
  const rows = await db.execute<Row>(sql`
    select r.id, r.title, r.owner_id, u.display_name as owner_name, r.deadline, r.status, f.id as finding_id, f.title as finding_title
      from audit_rectifications r join audit_findings f on f.id = r.finding_id join users u on u.id = r.owner_id
     where r.status in ('open', 'rejected') and f.closed_at is null`);
  return rows.rows;
}

const day = (value: string) => iso(value)!.slice(0, 10);

/**
 * R-AUD-1 reminders through the risk-alert registry (R-RSK-1): a rectification task whose deadline
 * is within `remindDays` tells its owner. The alerts sweep raises it once per task.
 */
export const rectificationDueRule: AlertRule = {
  key: 'internalaudit.rectificationDue',
  defaults: { enabled: true, params: { remindDays: 3 }, recipients: ['owner'] },
  async evaluate({ db, now }, params) {
    const policy = { remindDays: Math.max(0, params.remindDays ?? 3), escalateDays: Number.MAX_SAFE_INTEGER };
    return (await openTasks(db))
      .filter((r) => rectificationUrgency({ deadline: new Date(iso(r.deadline)!), status: r.status }, now, policy) === 'due_soon')
      .map((r): AlertFinding => ({
        subjectKey: `rectification:${r.id}`,
        ownerId: r.owner_id,
        severity: 'warning',
        message: message('internalaudit.alertRules.rectificationDue.summary', { task: r.title, deadline: day(r.deadline) }),
        text: `整改任务「${r.title}」将于 ${day(r.deadline)} 到期`,
        link: `/internal-audit/findings/${r.finding_id}`,
        evidence: { deadline: day(r.deadline), finding: r.finding_title },
      }));
  },
};

/**
 * R-AUD-1 escalation: a task past its deadline goes to the owner's manager and the auditor (warning);
 * `escalateDays` after the deadline it is raised again as critical, to the director. One alert per
 * task and stage.
 */
export const rectificationLateRule: AlertRule = {
  key: 'internalaudit.rectificationLate',
  defaults: { enabled: true, params: { escalateDays: 7 }, recipients: ['owner', 'manager', 'role:auditor', 'role:director'] },
  async evaluate({ db, now }, params) {
    const policy = { remindDays: 0, escalateDays: Math.max(1, params.escalateDays ?? 7) };
    const found: AlertFinding[] = [];
    for (const r of await openTasks(db)) {
      const urgency = rectificationUrgency({ deadline: new Date(iso(r.deadline)!), status: r.status }, now, policy);
      if (urgency !== 'late' && urgency !== 'escalated') continue;
      const escalated = urgency === 'escalated';
      found.push({
        subjectKey: escalated ? `rectification:${r.id}:escalated` : `rectification:${r.id}`,
        ownerId: r.owner_id,
        severity: escalated ? 'critical' : 'warning',
        message: message(`internalaudit.alertRules.rectificationLate.${escalated ? 'escalated' : 'summary'}`, {
          task: r.title,
          owner: r.owner_name,
          deadline: day(r.deadline),
        }),
        text: `${r.owner_name} 的整改任务「${r.title}」已逾期（截止 ${day(r.deadline)}）`,
        link: `/internal-audit/findings/${r.finding_id}`,
        evidence: { deadline: day(r.deadline), finding: r.finding_title, escalateDays: policy.escalateDays },
      });
    }
    return found;
  },
};
