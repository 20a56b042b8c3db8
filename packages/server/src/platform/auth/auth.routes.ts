import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eq, sql } from 'drizzle-orm';
import { announce } from '../db/cache-bus.js';
import {
  changePasswordBodySchema,
  loginBodySchema,
  meSchema,
  okSchema,
  setupBodySchema,
  setupStatusSchema,
  updateProfileBodySchema,
  type Me,
  message,
} from '@xiaoguan/shared';
import { users, orgUnits } from '../identity/index.js';
import { AppError, badRequest } from '../errors.js';
import { recordAudit } from '../audit/audit.js';
import { getSettings, saveSettings } from '../settings/settings.js';
import { hashPassword, verifyPassword } from './password.js';
import { requirePasswordRule } from './password-rule.js';
import { createSession, deleteSession, deleteSessionOfToken, deleteUserSessions, SESSION_COOKIE } from './sessions.js';
import { lockedUntil, takeSignInAttempt } from './lockout.js';
import { clearSessionCookies, setSessionCookies } from './auth.plugin.js';
import type { AccessDeclaration } from '../manifest/index.js';
import type { Actor } from '../access/actor.js';
import type { FastifyRequest } from 'fastify';

async function buildMe(app: FastifyInstance, request: FastifyRequest, { access, seesOthers }: AuthRoutesOptions): Promise<Me> {
  const session = request.session!;
  const [row] = await app.db
    .select({ user: users, unitName: orgUnits.name })
    .from(users)
    .leftJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(eq(users.id, session.actor.id));
  const settings = await getSettings(app.db);
  const user = row!.user;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles as Me['roles'],
    orgUnitId: user.orgUnitId,
    orgUnitName: row!.unitName,
    managerId: user.managerId,
    locale: user.locale,
    mustChangePassword: user.mustChangePassword,
    confidentialityAcknowledgedAt: user.confidentialityAcknowledgedAt?.toISOString() ?? null,
    permissions: Object.assign({}, ...access.map((declaration) => declaration.permissions(session.actor))),
    seesOthers: seesOthers(session.actor),
    csrfToken: session.csrfToken,
    demo: app.config.demo,
    company: { name: settings.companyName, timeZone: settings.timeZone, followUpTime: settings.followUpTime },
  };
}

const auditContext = (request: FastifyRequest, actor: Actor | null) => ({ actor, requestId: request.id, ip: request.ip });

export interface AuthRoutesOptions {
  /** Every access declaration, platform's and modules' (from the module list): the menu in /auth/me is built from them. */
  access: readonly AccessDeclaration[];
  /** Whether the actor reads records owned by others (R-SEC-1), for the web's filters. */
  seesOthers: (actor: Actor) => boolean;
}

export async function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post(
    '/auth/login',
    {
      config: { auth: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags, body: loginBodySchema, response: { 200: meSchema } },
    },
    async (request, reply) => {
      const now = new Date();
      const settings = await getSettings(app.db);
      const [user] = await app.db
        .select()
        .from(users)
        .where(sql`lower(${users.username}) = lower(${request.body.username})`);
      const locked = (until: Date) =>
        new AppError('locked', `too many failed sign-ins; try again in ${Math.ceil((until.getTime() - now.getTime()) / 60_000)} minutes`);
      if (user?.lockedUntil && user.lockedUntil > now) throw locked(user.lockedUntil);
      // The attempt is counted in the database before the password is checked (lockout.ts): parallel
      // guesses, in this process or another, cannot all be checked against a count read before any was written.
      const attempt = user ? await takeSignInAttempt(app.db, user.id, now, settings) : null;
      if (user && !attempt) throw locked((await lockedUntil(app.db, user.id, now)) ?? new Date(now.getTime() + 60_000));
      const valid = await verifyPassword(user && !user.disabled ? user.passwordHash : null, request.body.password);
      if (!user || !valid) {
        if (user) {
          await recordAudit(app.db, auditContext(request, null), {
            action: 'login_failed',
            entity: 'users',
            entityId: user.id,
            summary: attempt!.locks ? `${user.username}: locked after ${attempt!.attempt} failures` : user.username,
            summaryMessage: attempt!.locks
              ? message('audit.messages.userLocked', { username: user.username, attempts: attempt!.attempt })
              : null,
          });
        }
        throw new AppError('unauthenticated', 'invalid username or password', { field: 'body.password' });
      }
      const session = await app.db.transaction(async (tx) => {
        await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
        // A sign-in in a browser that is still signed in (as anyone) ends that session: its cookie is replaced anyway.
        const previous = request.cookies[SESSION_COOKIE];
        if (previous) await deleteSessionOfToken(tx, previous);
        const created = await createSession(tx, user.id, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, now });
        await recordAudit(tx, auditContext(request, { id: user.id, displayName: user.displayName } as Actor), {
          action: 'login',
          entity: 'users',
          entityId: user.id,
          summary: user.username,
        });
        return created;
      });
      setSessionCookies(app, reply, session);
      const { loadSession } = await import('./sessions.js');
      request.session = await loadSession(app.db, session.token, now);
      return buildMe(app, request, options);
    },
  );

  r.post('/auth/logout', { config: { auth: 'session' }, schema: { tags, response: { 200: okSchema } } }, async (request, reply) => {
    await deleteSession(app.db, request.session!.id);
    await recordAudit(app.db, auditContext(request, request.actor), { action: 'logout', entity: 'users', entityId: request.actor!.id });
    clearSessionCookies(reply);
    return { ok: true as const };
  });

  r.get('/auth/me', { config: { auth: 'session' }, schema: { tags, response: { 200: meSchema } } }, (request) =>
    buildMe(app, request, options),
  );

  r.post(
    '/auth/acknowledge-confidentiality',
    { config: { auth: 'session' }, schema: { tags, response: { 200: meSchema } } },
    async (request) => {
      await app.db.transaction(async (tx) => {
        const [row] = await tx
          .update(users)
          .set({ confidentialityAcknowledgedAt: new Date() })
          .where(sql`${users.id} = ${request.actor!.id} and ${users.confidentialityAcknowledgedAt} is null`)
          .returning({ at: users.confidentialityAcknowledgedAt });
        if (row) {
          await recordAudit(tx, auditContext(request, request.actor), {
            action: 'acknowledge',
            entity: 'users',
            entityId: request.actor!.id,
            summary: 'confidentiality agreement',
            summaryMessage: { key: 'audit.messages.confidentialityAcknowledged', params: {} },
          });
        }
        // The user's sessions cached by other server processes still say "not acknowledged".
        await announce(tx, 'sessions', request.actor!.id);
      });
      request.session!.acknowledged = true;
      return buildMe(app, request, options);
    },
  );

  r.get('/auth/confidentiality', { config: { auth: 'session' }, schema: { tags } }, async () => ({
    text: (await getSettings(app.db)).confidentialityText,
  }));

  r.post(
    '/auth/change-password',
    { config: { auth: 'session' }, schema: { tags, body: changePasswordBodySchema, response: { 200: okSchema } } },
    async (request) => {
      const [user] = await app.db.select().from(users).where(eq(users.id, request.actor!.id));
      if (!(await verifyPassword(user!.passwordHash, request.body.currentPassword))) {
        throw badRequest('body.currentPassword', 'the current password is wrong');
      }
      if (request.body.currentPassword === request.body.newPassword) throw badRequest('body.newPassword', 'choose a new password');
      requirePasswordRule('body.newPassword', request.body.newPassword, user!);
      const passwordHash = await hashPassword(request.body.newPassword);
      await app.db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(users.id, user!.id));
        await deleteUserSessions(tx, user!.id, request.session!.id);
        await recordAudit(tx, auditContext(request, request.actor), {
          action: 'update',
          entity: 'users',
          entityId: user!.id,
          changes: { password: ['***', '***'] },
          summary: 'changed own password',
          summaryMessage: message('audit.messages.ownPasswordChanged'),
        });
      });
      return { ok: true as const };
    },
  );

  r.patch(
    '/auth/profile',
    { config: { auth: 'session' }, schema: { tags, body: updateProfileBodySchema, response: { 200: meSchema } } },
    async (request) => {
      await app.db.update(users).set({ locale: request.body.locale }).where(eq(users.id, request.actor!.id));
      return buildMe(app, request, options);
    },
  );

  r.get('/setup', { config: { auth: 'public' }, schema: { tags, response: { 200: setupStatusSchema } } }, async () => {
    const [{ n }] = await app.db.select({ n: sql<number>`count(*)::int` }).from(users);
    return { needsSetup: n === 0 };
  });

  /** First run without demo data: creates the company and its first admin, once. */
  r.post(
    '/setup',
    { config: { auth: 'public' }, schema: { tags, body: setupBodySchema, response: { 200: okSchema } } },
    async (request) => {
      requirePasswordRule('body.password', request.body.password, request.body);
      const passwordHash = await hashPassword(request.body.password);
      await app.db.transaction(async (tx) => {
        await tx.execute(sql`lock table users in exclusive mode`);
        const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
        if (n > 0) throw new AppError('conflict', 'the company is already set up');
        const [company] = await tx.insert(orgUnits).values({ name: request.body.companyName, kind: 'company', path: '/' }).returning();
        await tx
          .update(orgUnits)
          .set({ path: `/${company!.id}/` })
          .where(eq(orgUnits.id, company!.id));
        const [admin] = await tx
          .insert(users)
          .values({
            username: request.body.username,
            displayName: request.body.displayName,
            passwordHash,
            roles: ['admin'],
            orgUnitId: company!.id,
            linePath: '/',
          })
          .returning();
        await tx
          .update(users)
          .set({ linePath: `/${admin!.id}/` })
          .where(eq(users.id, admin!.id));
        await saveSettings(tx, { companyName: request.body.companyName });
        await recordAudit(tx, auditContext(request, null), {
          action: 'create',
          entity: 'users',
          entityId: admin!.id,
          summary: `first admin ${request.body.username}`,
          summaryMessage: message('audit.messages.firstAdmin', { username: request.body.username }),
        });
      });
      return { ok: true as const };
    },
  );
}
