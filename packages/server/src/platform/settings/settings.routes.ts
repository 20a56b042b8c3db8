import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { settingsSchema, settingsUpdateSchema } from '@xiaoguan/shared';
import { ctxOf } from '../context.js';
import { diffChanges } from '../audit/audit.js';
import { getSettings, saveSettings } from './settings.js';
import { settingsAccess } from './settings.access.js';

export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/settings', { schema: { tags: ['settings'], response: { 200: settingsSchema } } }, async (request) => {
    const ctx = ctxOf(request);
    settingsAccess.require(ctx.actor, 'read');
    return getSettings(ctx.db, { fresh: true });
  });
  r.patch(
    '/settings',
    { schema: { tags: ['settings'], body: settingsUpdateSchema, response: { 200: settingsSchema } } },
    async (request) => {
      const ctx = ctxOf(request);
      settingsAccess.require(ctx.actor, 'write');
      await ctx.db.transaction(async (tx) => {
        const before = await getSettings(tx, { fresh: true });
        await saveSettings(tx, request.body);
        await ctx.audit(tx, { action: 'update', entity: 'settings', changes: diffChanges(before, { ...before, ...request.body }) });
      });
      return getSettings(ctx.db, { fresh: true });
    },
  );
}
