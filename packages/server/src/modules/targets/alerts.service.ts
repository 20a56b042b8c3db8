import { sql, type SQL } from 'drizzle-orm';
import {
  ROLES,
  message,
  type Alert,
  type AlertAction,
  type AlertChannel,
  type AlertListQuery,
  type AlertRecipient,
  type AlertRuleSetting,
  type AlertRuleUpdate,
  type AlertSeverity,
  type AlertStatus,
  type Message,
  type Role,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Database, Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { abilitySql } from '../../platform/access/index.js';
import { alertRule, alertRules, type AlertFinding, type AlertRule } from '../../platform/alerts/index.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { enqueueMessage } from '../../platform/notifications/senders/index.js';
import { getSettings } from '../../platform/settings/settings.js';
import { alertReadScopeOf, alertsAccess } from './alerts.access.js';

/**
 * The risk alert inbox and sweep (issue 18 item 5, R-RSK-1). Rules come from the module manifests
 * (`alertRules`, platform/alerts); this file runs them, keeps one open alert per rule and subject,
 * tells the rule's recipients once, and lets the people in scope acknowledge and resolve.
 */

// ——— rule settings ———

type RuleSettings = {
  enabled: boolean;
  params: Record<string, number>;
  recipients: AlertRecipient[];
  channels: AlertChannel[];
};

/** A rule's settings: the director's row over the declared defaults (only the rule's own parameter names). */
function settingsOf(rule: AlertRule, stored: RuleSettings | undefined): RuleSettings {
  const params = { ...rule.defaults.params };
  for (const name of Object.keys(params)) {
    const value = stored?.params[name];
    if (typeof value === 'number') params[name] = value;
  }
  return {
    enabled: stored?.enabled ?? rule.defaults.enabled,
    params,
    recipients: stored?.recipients ?? rule.defaults.recipients,
    channels: stored?.channels ?? ['inApp'],
  };
}

async function storedSettings(executor: Executor): Promise<Map<string, RuleSettings>> {
  const rows = await executor.execute<{ rule_key: string } & RuleSettings>(
    sql`select rule_key, enabled, params, recipients, channels from risk_alert_rules`,
  );
  return new Map(rows.rows.map((row) => [row.rule_key, row]));
}

export async function listRules(ctx: Ctx): Promise<{ items: AlertRuleSetting[]; canConfigure: boolean }> {
  if (!alertsAccess.can(ctx.actor, 'read') && !alertsAccess.can(ctx.actor, 'configure')) alertsAccess.require(ctx.actor, 'read');
  const stored = await storedSettings(ctx.db);
  return {
    items: alertRules().map((rule) => ({ key: rule.key, ...settingsOf(rule, stored.get(rule.key)) })),
    canConfigure: alertsAccess.can(ctx.actor, 'configure'),
  };
}

/** The director sets a rule's thresholds, recipients and channels (audited). */
export async function updateRule(ctx: Ctx, key: string, input: AlertRuleUpdate): Promise<AlertRuleSetting> {
  alertsAccess.require(ctx.actor, 'configure');
  const rule = alertRule(key);
  if (!rule) throw notFound('alert rule');
  for (const name of Object.keys(input.params)) {
    if (!(name in rule.defaults.params)) throw badRequest(`body.params.${name}`, `${key} has no parameter ${name}`);
  }
  const settings = settingsOf(rule, { ...input, params: input.params });
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into risk_alert_rules (rule_key, enabled, params, recipients, channels, updated_by_id, updated_at)
      values (${key}, ${settings.enabled}, ${JSON.stringify(settings.params)}::jsonb, ${JSON.stringify(settings.recipients)}::jsonb,
              ${JSON.stringify(settings.channels)}::jsonb, ${ctx.actor.id}, ${ctx.now})
      on conflict (rule_key) do update set enabled = excluded.enabled, params = excluded.params, recipients = excluded.recipients,
             channels = excluded.channels, updated_by_id = excluded.updated_by_id, updated_at = excluded.updated_at`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'risk_alert_rule',
      entityId: null,
      summary: `alert rule ${key} set`,
      summaryMessage: message('audit.messages.alertRuleSet', { rule: key }),
    });
  });
  return { key, ...settings };
}

// ——— the sweep ———

/** Users a recipient rule names for a subject owned by `ownerId` (null: a company-level subject). */
function recipientSql(recipient: AlertRecipient, ownerId: string | null): SQL | null {
  if (recipient === 'owner') return ownerId ? sql`select id from users where id = ${ownerId} and not disabled` : null;
  if (recipient === 'manager')
    return ownerId ? sql`select m.id from users o join users m on m.id = o.manager_id where o.id = ${ownerId} and not m.disabled` : null;
  const role = recipient.slice('role:'.length) as Role;
  if (!(ROLES as readonly string[]).includes(role)) return null;
  // Only holders of the role who can read the alert (its read scope, alerts.access.ts) are told of it.
  const scope = alertReadScopeOf(role);
  const holders = sql`select u.id from users u where not u.disabled and ${role} = any(u.roles)`;
  if (scope === 'all') return holders;
  if (!ownerId || scope === 'none') return null;
  if (scope === 'own') return sql`${holders} and u.id = ${ownerId}`;
  if (scope === 'supported')
    return sql`${holders} and (u.id = ${ownerId} or u.id in (select support_user_id from support_assignments where rep_user_id = ${ownerId}))`;
  return sql`${holders} and exists (select 1 from users o join org_units ou on ou.id = o.org_unit_id join org_units mu on mu.id = u.org_unit_id
                                    where o.id = ${ownerId} and ou.path like mu.path || '%')`;
}

async function recipientsOf(
  executor: Executor,
  recipients: AlertRecipient[],
  ownerId: string | null,
): Promise<{ id: string; email: string | null }[]> {
  const parts = recipients.map((recipient) => recipientSql(recipient, ownerId)).filter((part): part is SQL => part !== null);
  if (parts.length === 0) return [];
  const rows = await executor.execute<{ id: string; email: string | null }>(
    sql`select id, email from users where id in (${sql.join(parts, sql` union `)}) order by id`,
  );
  return rows.rows;
}

/**
 * Raises a finding once: not while an alert for its rule and subject exists (open, acknowledged, or
 * resolved — a subject resolved by hand is not raised again; month-keyed subjects start afresh each
 * month). The partial unique index stops a concurrent sweep. Tells the recipients of a new alert.
 */
async function raise(tx: Executor, rule: AlertRule, settings: RuleSettings, finding: AlertFinding, now: Date): Promise<boolean> {
  const inserted = await tx.execute<{ id: string }>(sql`
    insert into risk_alerts (rule_key, subject_key, owner_id, severity, summary, summary_message, link, evidence, raised_at)
    select ${rule.key}, ${finding.subjectKey}, ${finding.ownerId}, ${finding.severity}, ${finding.text},
           ${JSON.stringify(finding.message)}::jsonb, ${finding.link}, ${JSON.stringify(finding.evidence)}::jsonb, ${now}
     where not exists (select 1 from risk_alerts r where r.rule_key = ${rule.key} and r.subject_key = ${finding.subjectKey})
    on conflict (rule_key, subject_key) where status <> 'resolved' do nothing
    returning id`);
  const id = inserted.rows[0]?.id;
  if (!id) return false;
  const people = await recipientsOf(tx, settings.recipients, finding.ownerId);
  const link = `/alerts?id=${id}`;
  if (settings.channels.includes('inApp')) {
    await notify(
      tx,
      people.map((person) => ({
        userId: person.id,
        kind: 'risk_alert',
        title: finding.text,
        link,
        titleMessage: message('targets.alerts.notificationTitle', {}),
        bodyMessage: finding.message,
        body: finding.text,
      })),
    );
  }
  if (settings.channels.includes('email')) {
    for (const person of people) {
      if (!person.email) continue;
      await enqueueMessage(tx, {
        channel: 'email',
        recipient: person.email,
        subject: '风险预警 Risk alert',
        body: finding.text,
        ref: `alert:${id}:${person.id}`,
        now,
      });
    }
  }
  await postToGroupRobots(tx, settings.channels, id, finding, now);
  return true;
}

/**
 * The rule's group-robot channels (WeCom, DingTalk): one message per new alert to the robot the
 * deployment configured (WECOM_WEBHOOK_URL, DINGTALK_WEBHOOK_URL + DINGTALK_SECRET), through the
 * platform outbox — sent after commit, retried, once (the ref is unique).
 */
async function postToGroupRobots(tx: Executor, channels: AlertChannel[], id: string, finding: AlertFinding, now: Date): Promise<void> {
  for (const channel of ['wecom', 'dingtalk'] as const) {
    if (!channels.includes(channel)) continue;
    await enqueueMessage(tx, {
      channel,
      recipient: null,
      subject: '风险预警 Risk alert',
      body: `${finding.text}\n/alerts?id=${id}`,
      ref: `alert:${id}:${channel}`,
      now,
    });
  }
}

/**
 * R-RSK-1 sweep: evaluates every enabled rule with its thresholds and raises what it finds, each
 * subject once (a repeated or concurrent sweep adds nothing). One transaction per rule: a failing rule does not stop the others.
 */
export async function sweepAlerts(db: Database, now: Date): Promise<{ raised: number; failed: string[] }> {
  const { timeZone } = await getSettings(db, { fresh: true });
  const stored = await storedSettings(db);
  let raised = 0;
  const failed: string[] = [];
  for (const rule of alertRules()) {
    const settings = settingsOf(rule, stored.get(rule.key));
    if (!settings.enabled) continue;
    try {
      const findings = await rule.evaluate({ db, now, timeZone }, settings.params);
      await db.transaction(async (tx) => {
        for (const finding of findings) if (await raise(tx, rule, settings, finding, now)) raised++;
      });
    } catch {
      failed.push(rule.key);
    }
  }
  return { raised, failed };
}

// ——— the inbox ———

type AlertRow = {
  id: string;
  rule_key: string;
  subject_key: string;
  owner_id: string | null;
  owner_name: string | null;
  severity: AlertSeverity;
  status: AlertStatus;
  summary: string;
  summary_message: Message;
  link: string;
  evidence: Record<string, string | number>;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
  resolved_at: Date | null;
  resolved_by_name: string | null;
  comment: string | null;
  version: number;
  can_handle: boolean;
};

function selectAlerts(ctx: Ctx, where: SQL): SQL {
  return sql`
    select a.id, a.rule_key, a.subject_key, a.owner_id, o.display_name as owner_name, a.severity, a.status, a.summary,
           a.summary_message, a.link, a.evidence, a.raised_at, a.acknowledged_at, ab.display_name as acknowledged_by_name,
           a.resolved_at, rb.display_name as resolved_by_name, a.comment, a.version,
           ${abilitySql(sql`a.status <> 'resolved' and ${alertsAccess.where(ctx.actor, 'handle', sql`a.owner_id`)}`)} as can_handle
      from risk_alerts a
      left join users o on o.id = a.owner_id
      left join users ab on ab.id = a.acknowledged_by_id
      left join users rb on rb.id = a.resolved_by_id
     where ${alertsAccess.where(ctx.actor, 'read', sql`a.owner_id`)} and ${where}`;
}

function present(row: AlertRow): Alert {
  return {
    id: row.id,
    ruleKey: row.rule_key,
    subjectKey: row.subject_key,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    severity: row.severity,
    status: row.status,
    summary: row.summary,
    summaryMessage: row.summary_message,
    link: row.link,
    evidence: row.evidence,
    raisedAt: iso(row.raised_at)!,
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedByName: row.acknowledged_by_name,
    resolvedAt: iso(row.resolved_at),
    resolvedByName: row.resolved_by_name,
    comment: row.comment,
    version: row.version,
    abilities: { acknowledge: row.can_handle && row.status === 'open', resolve: row.can_handle },
  };
}

function statusFilter(status: AlertListQuery['status']): SQL {
  if (status === 'all') return sql`true`;
  if (status === 'active') return sql`a.status <> 'resolved'`;
  return sql`a.status = ${status}`;
}

export async function listAlerts(ctx: Ctx, query: AlertListQuery) {
  alertsAccess.require(ctx.actor, 'read');
  const where = sql`${statusFilter(query.status)} and ${query.rule ? sql`a.rule_key = ${query.rule}` : sql`true`}`;
  const [rows, total] = await Promise.all([
    ctx.db.execute<AlertRow>(
      sql`${selectAlerts(ctx, where)} order by a.raised_at desc, a.id limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`,
    ),
    ctx.db.execute<{ n: number }>(
      sql`select count(*)::int as n from risk_alerts a where ${alertsAccess.where(ctx.actor, 'read', sql`a.owner_id`)} and ${where}`,
    ),
  ]);
  return { items: rows.rows.map(present), total: total.rows[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

/** Active (open or acknowledged) alerts in the caller's scope: the cockpit card's figure (= the inbox's total). */
export async function activeAlertCount(ctx: Ctx): Promise<number | null> {
  if (!alertsAccess.can(ctx.actor, 'read')) return null;
  const result = await ctx.db.execute<{ n: number }>(
    sql`select count(*)::int as n from risk_alerts a where ${alertsAccess.where(ctx.actor, 'read', sql`a.owner_id`)} and a.status <> 'resolved'`,
  );
  return result.rows[0]?.n ?? 0;
}

export async function getAlert(ctx: Ctx, id: string): Promise<Alert> {
  alertsAccess.require(ctx.actor, 'read');
  const row = (await ctx.db.execute<AlertRow>(selectAlerts(ctx, sql`a.id = ${id}`))).rows[0];
  if (!row) throw notFound('alert');
  return present(row);
}

/**
 * Acknowledge (open → acknowledged) or resolve (open/acknowledged → resolved, with a comment):
 * only in the caller's handle scope, from the version they saw (else 409). Audited.
 */
export async function actOnAlert(ctx: Ctx, id: string, action: 'acknowledge' | 'resolve', input: AlertAction): Promise<Alert> {
  alertsAccess.require(ctx.actor, 'handle');
  await ctx.db.transaction(async (tx) => {
    const current = (await tx.execute<AlertRow>(sql`${selectAlerts(ctx, sql`a.id = ${id}`)} for update of a`)).rows[0];
    if (!current) throw notFound('alert');
    if (!current.can_handle) throw notFound('alert');
    if (current.version !== input.version) throw conflict();
    if (action === 'acknowledge' && current.status !== 'open') throw conflict('the alert is no longer open');
    const comment = input.comment?.trim() || current.comment;
    await tx.execute(
      action === 'acknowledge'
        ? sql`update risk_alerts set status = 'acknowledged', acknowledged_at = ${ctx.now}, acknowledged_by_id = ${ctx.actor.id},
                     comment = ${comment}, version = version + 1 where id = ${id}`
        : sql`update risk_alerts set status = 'resolved', resolved_at = ${ctx.now}, resolved_by_id = ${ctx.actor.id},
                     comment = ${comment}, version = version + 1 where id = ${id}`,
    );
    await ctx.audit(tx, {
      action: action === 'acknowledge' ? 'acknowledge' : 'update',
      entity: 'risk_alert',
      entityId: id,
      changes: { status: [current.status, action === 'acknowledge' ? 'acknowledged' : 'resolved'] },
      summary: `alert ${current.rule_key} ${action === 'acknowledge' ? 'acknowledged' : 'resolved'}`,
      summaryMessage: message(action === 'acknowledge' ? 'audit.messages.alertAcknowledged' : 'audit.messages.alertResolved', {
        summary: current.summary,
      }),
    });
  });
  return getAlert(ctx, id);
}
