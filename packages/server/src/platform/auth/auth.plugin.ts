import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, loadSession } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Loads the session on every /api/v1 request, enforces CSRF on writes and the R-SEC-1 acknowledgement. */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const auth = request.routeOptions.config?.auth ?? 'acknowledged';
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await loadSession(app.db, token, new Date()) : null;
    if (session) {
      request.session = session;
      request.actor = session.actor;
    }
    if (auth === 'public') return;
    if (!session) {
      if (token) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw new AppError('unauthenticated', 'sign in first');
    }
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || header !== session.csrfToken) {
        throw new AppError('forbidden', `missing or wrong ${CSRF_HEADER} header (CSRF protection)`, { field: `headers.${CSRF_HEADER}` });
      }
    }
    if (auth === 'acknowledged' && !session.acknowledged) {
      throw new AppError('forbidden', 'acknowledge the confidentiality agreement first', { rule: 'R-SEC-1' });
    }
    if (auth === 'acknowledged' && session.mustChangePassword) {
      throw new AppError('forbidden', 'change your password first (it was set by an administrator)', { rule: 'password-change' });
    }
  });
});

export function setSessionCookies(
  app: FastifyInstance,
  reply: FastifyReply,
  values: { token: string; csrfToken: string; expiresAt: Date },
): void {
  const secure = app.config.secureCookies;
  reply.setCookie(SESSION_COOKIE, values.token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: values.expiresAt });
  // Double-submit: the web client reads this cookie and echoes it in the x-csrf-token header.
  reply.setCookie(CSRF_COOKIE, values.csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure, expires: values.expiresAt });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
