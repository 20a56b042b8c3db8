import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  alertActionSchema,
  alertListQuerySchema,
  alertPageSchema,
  alertResolveSchema,
  alertRuleListSchema,
  alertRuleParamsSchema,
  alertRuleSettingSchema,
  alertRuleUpdateSchema,
  alertSchema,
  idParamsSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import * as alerts from './alerts.service.js';

/** Risk alerts (R-RSK-1): the inbox, acknowledge / resolve, and the rules' settings. */
export async function alertsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['alerts'];
  r.get('/alerts', { schema: { tags, querystring: alertListQuerySchema, response: { 200: alertPageSchema } } }, (req) =>
    alerts.listAlerts(ctxOf(req), req.query),
  );
  r.get('/alerts/rules', { schema: { tags, response: { 200: alertRuleListSchema } } }, (req) => alerts.listRules(ctxOf(req)));
  r.put(
    '/alerts/rules/:key',
    { schema: { tags, params: alertRuleParamsSchema, body: alertRuleUpdateSchema, response: { 200: alertRuleSettingSchema } } },
    (req) => alerts.updateRule(ctxOf(req), req.params.key, req.body),
  );
  r.get('/alerts/:id', { schema: { tags, params: idParamsSchema, response: { 200: alertSchema } } }, (req) =>
    alerts.getAlert(ctxOf(req), req.params.id),
  );
  r.post(
    '/alerts/:id/acknowledge',
    { schema: { tags, params: idParamsSchema, body: alertActionSchema, response: { 200: alertSchema } } },
    (req) => alerts.actOnAlert(ctxOf(req), req.params.id, 'acknowledge', req.body),
  );
  r.post(
    '/alerts/:id/resolve',
    { schema: { tags, params: idParamsSchema, body: alertResolveSchema, response: { 200: alertSchema } } },
    (req) => alerts.actOnAlert(ctxOf(req), req.params.id, 'resolve', req.body),
  );
}
