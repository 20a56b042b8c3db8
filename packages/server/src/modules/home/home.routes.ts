import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, asc, eq, gte, isNull, sql } from 'drizzle-orm';
import { homeSummarySchema, type HomeSummary, type Role } from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { auditLog } from '../../platform/audit/audit.schema.js';
import { auditAccess } from '../../platform/audit/audit.access.js';
import { notifications } from '../../platform/notifications/notifications.schema.js';
import { countInbox, countMyOpenRequests } from '../../platform/approvals/approvals.engine.js';
import { orgUnits, users } from '../../platform/identity/index.js';
import { usersAccess } from '../org/index.js';
import { startOfDayIn } from '../../platform/time.js';
import { getSettings } from '../../platform/settings/settings.js';

/** The home page per role: real counts the platform has, each within the caller's scope. */
export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/home', { schema: { tags: ['home'], response: { 200: homeSummarySchema } } }, async (request) => {
      const ctx = ctxOf(request);
      const { timeZone } = await getSettings(ctx.db);
      const today = startOfDayIn(ctx.now, timeZone);
      const count = (query: Promise<{ n: number }[]>) => query.then((rows) => rows[0]?.n ?? 0);
      const n = sql<number>`count(*)::int`;
      const cards: HomeSummary['cards'] = [];
      const [pending, mine, unread, directReports] = await Promise.all([
        countInbox(ctx),
        countMyOpenRequests(ctx),
        count(
          ctx.db
            .select({ n })
            .from(notifications)
            .where(and(eq(notifications.userId, ctx.actor.id), isNull(notifications.readAt))),
        ),
        count(
          ctx.db
            .select({ n })
            .from(users)
            .where(and(eq(users.managerId, ctx.actor.id), eq(users.disabled, false))),
        ),
      ]);
      cards.push({ key: 'pendingApprovals', value: pending, link: '/approvals' });
      cards.push({ key: 'myOpenRequests', value: mine, link: '/approvals?box=mine' });
      cards.push({ key: 'unreadNotifications', value: unread, link: null });
      if (directReports > 0) cards.push({ key: 'directReports', value: directReports, link: '/org/users' });

      const team = ctx.actor.orgUnitId
        ? await ctx.db
            .select({ id: users.id, displayName: users.displayName, roles: users.roles })
            .from(users)
            .where(and(eq(users.orgUnitId, ctx.actor.orgUnitId), eq(users.disabled, false), usersAccess.where(ctx.actor, 'read', users.id)))
            .orderBy(asc(users.displayName))
        : [];
      const [unit] = ctx.actor.orgUnitId
        ? await ctx.db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, ctx.actor.orgUnitId))
        : [];
      cards.push({ key: 'teamMembers', value: team.length, link: '/org/users' });

      if (usersAccess.can(ctx.actor, 'write')) {
        const [stats] = await ctx.db
          .select({
            active: sql<number>`count(*) filter (where not ${users.disabled})::int`,
            disabled: sql<number>`count(*) filter (where ${users.disabled})::int`,
            locked: sql<number>`count(*) filter (where ${users.lockedUntil} > ${ctx.now})::int`,
          })
          .from(users);
        const units = await count(ctx.db.select({ n }).from(orgUnits).where(eq(orgUnits.disabled, false)));
        cards.push({ key: 'activeUsers', value: stats!.active, link: '/org/users' });
        cards.push({ key: 'disabledUsers', value: stats!.disabled, link: '/org/users' });
        cards.push({ key: 'lockedUsers', value: stats!.locked, link: '/org/users' });
        cards.push({ key: 'orgUnits', value: units, link: '/org/units' });
      }
      if (auditAccess.can(ctx.actor, 'read')) {
        const [stats] = await ctx.db
          .select({ events: n, logins: sql<number>`count(*) filter (where ${auditLog.action} = 'login')::int` })
          .from(auditLog)
          .where(gte(auditLog.at, today));
        cards.push({ key: 'auditEventsToday', value: stats!.events, link: '/audit' });
        cards.push({ key: 'loginsToday', value: stats!.logins, link: '/audit?action=login' });
      }
      return {
        cards,
        team: { name: unit?.name ?? null, members: team.map((m) => ({ id: m.id, displayName: m.displayName, roles: m.roles as Role[] })) },
      };
    });
}
