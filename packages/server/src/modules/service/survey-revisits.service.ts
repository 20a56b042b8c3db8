import crypto from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { SURVEY_TIERS, type Revisit, type RevisitAnswer, type SurveyTrigger, type revisitListQuerySchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Database, Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { surveyLinks } from './service.schema.js';
import { surveysAccess } from './service.access.js';
import { getServiceSettings } from './service.settings.js';
import { takeAnswer } from './surveys.service.js';

const DAY_MS = 86_400_000;
/** At most this many links per run, so one run stays short; the next run continues. */
const PERIODIC_BATCH = 2000;

/**
 * Periodic surveys per customer tier (issue 20 item 6, 000 满意度调研): each active `periodic` template
 * surveys every owned customer of a tier it names once per that tier's interval (A every 3 months, B
 * every 6…). The job's transaction takes an advisory lock first, so two processes (or a "run now"
 * beside the schedule) never send a customer the same survey twice: the second waits, then finds
 * the links the first made.
 */
export async function sendPeriodicSurveys(db: Database, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('service.periodic-surveys'))`);
    const settings = await getServiceSettings(tx);
    const templates = await tx.execute<{ id: string; tier_months: Partial<Record<string, number>> }>(
      sql`select id, tier_months from survey_templates where trigger = 'periodic' and active order by created_at, id`,
    );
    let sent = 0;
    for (const template of templates.rows) {
      for (const tier of SURVEY_TIERS) {
        const months = template.tier_months[tier];
        if (!months || sent >= PERIODIC_BATCH) continue;
        const due = await tx.execute<{ id: string; owner_id: string }>(sql`
          select c.id, c.owner_id from customers c
           where c.tier = ${tier} and c.owner_id is not null and c.status not in ('lost', 'lead')
             and not exists (select 1 from survey_links l where l.template_id = ${template.id} and l.customer_id = c.id
                              and l.sent_at > ${now}::timestamptz - make_interval(months => ${months}::int))
           order by c.id
           limit ${PERIODIC_BATCH - sent}`);
        if (!due.rows.length) continue;
        const expiresAt = new Date(now.getTime() + settings.surveyExpiryDays * DAY_MS);
        await tx.insert(surveyLinks).values(
          due.rows.map((c) => ({
            templateId: template.id,
            token: crypto.randomBytes(24).toString('base64url'),
            customerId: c.id,
            ownerId: c.owner_id,
            sentAt: now,
            expiresAt,
          })),
        );
        sent += due.rows.length;
      }
    }
    return sent;
  });
}

/** Which revisits a caller may see and work: their own customers' links, or (`all`) the owners in their survey scope. */
function revisitScope(ctx: Ctx, scope: 'mine' | 'all'): SQL {
  return scope === 'mine' ? sql`l.owner_id = ${ctx.actor.id}` : surveysAccess.where(ctx.actor, 'send', sql`l.owner_id`);
}

const OPEN_REVISIT = sql`l.answered_at is null and l.answered_by_id is null`;

type RevisitRow = {
  id: string;
  customer_id: string;
  customer_name: string;
  contact_name: string | null;
  contact_phone: string | null;
  owner_id: string;
  owner_name: string | null;
  template_name: string;
  trigger: SurveyTrigger;
  script: string;
  csat: boolean;
  nps: boolean;
  questions: Revisit['questions'];
  sent_at: string;
  expires_at: string;
};

async function revisitRows(db: Executor, where: SQL, limit: number): Promise<Revisit[]> {
  const rows = await db.execute<RevisitRow>(sql`
    select l.id, l.customer_id, c.name as customer_name, p.name as contact_name, coalesce(p.phone, c.phone) as contact_phone,
           l.owner_id, o.display_name as owner_name, t.name as template_name, t.trigger, t.script, t.csat, t.nps, t.questions,
           l.sent_at, l.expires_at
      from survey_links l join survey_templates t on t.id = l.template_id join customers c on c.id = l.customer_id
      join users o on o.id = l.owner_id
      left join lateral (select name, phone from customer_contacts cc where cc.customer_id = c.id
                          order by cc.is_primary desc, cc.created_at, cc.id limit 1) p on true
     where ${where}
     order by l.sent_at, l.id
     limit ${limit}`);
  return rows.rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    templateName: r.template_name,
    trigger: r.trigger,
    script: r.script,
    csat: r.csat,
    nps: r.nps,
    questions: r.questions,
    sentAt: iso(r.sent_at)!,
    expiresAt: iso(r.expires_at)!,
  }));
}

/**
 * "My revisits": surveys sent at least `revisitAfterDays` ago (and at most 60 days) that nobody answered
 * and no rep has called about yet, oldest first, each with its template's script.
 */
export async function listRevisits(ctx: Ctx, query: z.infer<typeof revisitListQuerySchema>): Promise<Revisit[]> {
  surveysAccess.require(ctx.actor, 'send');
  const { revisitAfterDays } = await getServiceSettings(ctx.db);
  const due = new Date(ctx.now.getTime() - revisitAfterDays * DAY_MS);
  const oldest = new Date(ctx.now.getTime() - 60 * DAY_MS);
  return revisitRows(
    ctx.db,
    sql`${OPEN_REVISIT} and l.sent_at <= ${due} and l.sent_at > ${oldest} and ${revisitScope(ctx, query.scope)}`,
    500,
  );
}

/**
 * The outcome of a phone revisit: the customer's answer entered by the rep (scored by R-SVC-2 like a
 * link answer, a detractor's follow-up task included), or declined / unreachable with a note. Either
 * way the revisit leaves the list; a link answered meanwhile → 409.
 */
export async function answerRevisit(ctx: Ctx, id: string, input: RevisitAnswer): Promise<{ ok: true }> {
  surveysAccess.require(ctx.actor, 'send');
  return ctx.db.transaction(async (tx) => {
    const [revisit] = await revisitRows(tx, sql`l.id = ${id} and ${revisitScope(ctx, 'all')}`, 1);
    if (!revisit) throw notFound('revisit');
    const where = sql`l.id = ${id} and l.answered_by_id is null`;
    if (input.outcome === 'answered') {
      const taken = await takeAnswer(tx, where, revisit, input, ctx.now, ctx.actor.id);
      if (!taken) throw conflict();
      if (input.note) await tx.execute(sql`update survey_links set revisit_note = ${input.note} where id = ${id}`);
    } else {
      const taken = await tx.execute(sql`
        update survey_links l set answered_by_id = ${ctx.actor.id}, revisit_note = ${`${input.outcome}: ${input.note ?? ''}`.trim()}
         where ${where} and ${OPEN_REVISIT} returning l.id`);
      if (!taken.rows.length) throw new AppError('conflict', 'this survey has already been answered');
    }
    await ctx.audit(tx, {
      action: 'update',
      entity: 'survey_links',
      entityId: id,
      summary: `${revisit.customerName} · ${input.outcome}`,
    });
    return { ok: true as const };
  });
}
