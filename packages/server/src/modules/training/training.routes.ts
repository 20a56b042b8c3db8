import fs from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  attemptGradeSchema,
  attemptSchema,
  attemptSubmitSchema,
  trainingCheckInInputSchema,
  trainingCheckInResultSchema,
  developmentGoalInputSchema,
  developmentGoalUpdateSchema,
  developmentRecordSchema,
  enrolInputSchema,
  enrolResultSchema,
  enrolmentQrSchema,
  examInputSchema,
  examSchema,
  sessionFeedbackInputSchema,
  idParamsSchema,
  okSchema,
  practicalTaskInputSchema,
  practicalTaskSchema,
  taskGradeInputSchema,
  trainingFileSchema,
  questionBankInputSchema,
  questionBankSchema,
  questionBankUpdateSchema,
  sessionDetailSchema,
  teamMemberSchema,
  trainingPlanInputSchema,
  trainingPlanListQuerySchema,
  trainingPlanSchema,
  trainingPlanUpdateSchema,
  trainingSessionInputSchema,
  trainingSessionListQuerySchema,
  trainingSessionRowSchema,
  trainingSettingsSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { diffChanges } from '../../platform/audit/audit.js';
import * as sessions from './training-sessions.service.js';
import * as exams from './training-exams.service.js';
import * as people from './training-people.service.js';
import * as practice from './training-practice.service.js';
import { badRequest } from '../../platform/errors.js';
import { trainingAccess } from './training.access.js';
import { getTrainingSettings, saveTrainingSettings } from './training.settings.js';

/** Training and development (M8): thin routes, one service call each. */
export async function trainingRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['training'];
  const id = { params: idParamsSchema };

  r.get(
    '/training/plans',
    { schema: { tags, querystring: trainingPlanListQuerySchema, response: { 200: z.array(trainingPlanSchema) } } },
    (req) => sessions.listPlans(ctxOf(req), req.query),
  );
  r.post(
    '/training/plans',
    { schema: { tags, body: trainingPlanInputSchema, response: { 201: trainingPlanSchema } } },
    async (req, reply) => reply.code(201).send(await sessions.createPlan(ctxOf(req), req.body)),
  );
  r.patch(
    '/training/plans/:id',
    { schema: { tags, ...id, body: trainingPlanUpdateSchema, response: { 200: trainingPlanSchema } } },
    (req) => sessions.updatePlan(ctxOf(req), req.params.id, req.body),
  );
  r.get(
    '/training/sessions',
    { schema: { tags, querystring: trainingSessionListQuerySchema, response: { 200: z.array(trainingSessionRowSchema) } } },
    (req) => sessions.listSessions(ctxOf(req), req.query),
  );
  r.post(
    '/training/sessions',
    { schema: { tags, body: trainingSessionInputSchema, response: { 201: sessionDetailSchema } } },
    async (req, reply) => reply.code(201).send(await sessions.createSession(ctxOf(req), req.body)),
  );
  r.get('/training/sessions/:id', { schema: { tags, ...id, response: { 200: sessionDetailSchema } } }, (req) =>
    sessions.getSession(ctxOf(req), req.params.id),
  );
  r.post('/training/sessions/:id/enrol', { schema: { tags, ...id, body: enrolInputSchema, response: { 200: enrolResultSchema } } }, (req) =>
    sessions.enrol(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/training/sessions/:id/check-in',
    { schema: { tags, ...id, body: trainingCheckInInputSchema, response: { 200: trainingCheckInResultSchema } } },
    (req) => sessions.checkIn(ctxOf(req), req.params.id, req.body),
  );
  r.put('/training/sessions/:id/exam', { schema: { tags, ...id, body: examInputSchema, response: { 200: examSchema } } }, (req) =>
    exams.setExam(ctxOf(req), req.params.id, req.body),
  );
  r.post('/training/sessions/:id/attempts', { schema: { tags, ...id, response: { 201: attemptSchema } } }, async (req, reply) =>
    reply.code(201).send(await exams.startAttempt(ctxOf(req), req.params.id)),
  );
  r.post(
    '/training/enrolments/:id/cancel',
    { schema: { tags, ...id, response: { 200: z.object({ promoted: z.uuid().nullable() }) } } },
    (req) => sessions.cancelEnrolment(ctxOf(req), req.params.id),
  );
  r.get('/training/enrolments/:id/qr', { schema: { tags, ...id, response: { 200: enrolmentQrSchema } } }, (req) =>
    sessions.enrolmentQr(ctxOf(req), req.params.id),
  );
  r.post(
    '/training/enrolments/:id/feedback',
    { schema: { tags, ...id, body: sessionFeedbackInputSchema, response: { 200: okSchema } } },
    (req) => sessions.giveFeedback(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/training/sessions/:id/files',
    { schema: { tags, ...id, consumes: ['multipart/form-data'], response: { 201: trainingFileSchema } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const file = await req.file().catch(() => undefined);
      if (!file) throw badRequest('body.file', 'send the file as multipart/form-data field "file"');
      const content = await file.toBuffer().catch(() => {
        throw badRequest('body.file', 'the file is larger than 20 MB');
      });
      return reply.code(201).send(
        await practice.addMaterialFile(ctx, app.config.dataDir, req.params.id, {
          fileName: file.filename,
          mimeType: file.mimetype,
          content,
        }),
      );
    },
  );
  r.get('/training/files/:id', { schema: { tags, ...id } }, async (req, reply) => {
    const { file, storagePath } = await practice.readMaterialFile(ctxOf(req), app.config.dataDir, req.params.id);
    return reply
      .header('content-type', file.mimeType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .send(await fs.readFile(storagePath));
  });
  r.post(
    '/training/sessions/:id/tasks',
    { schema: { tags, ...id, body: practicalTaskInputSchema, response: { 201: practicalTaskSchema } } },
    async (req, reply) => reply.code(201).send(await practice.createTask(ctxOf(req), req.params.id, req.body)),
  );
  r.post(
    '/training/tasks/:id/grades',
    { schema: { tags, ...id, body: taskGradeInputSchema, response: { 200: practicalTaskSchema } } },
    (req) => practice.gradeTask(ctxOf(req), req.params.id, req.body),
  );
  r.get('/training/attempts/:id', { schema: { tags, ...id, response: { 200: attemptSchema } } }, (req) =>
    exams.getAttempt(ctxOf(req), req.params.id),
  );
  r.post('/training/attempts/:id/submit', { schema: { tags, ...id, body: attemptSubmitSchema, response: { 200: attemptSchema } } }, (req) =>
    exams.submitAttempt(ctxOf(req), req.params.id, req.body),
  );
  r.post('/training/attempts/:id/grade', { schema: { tags, ...id, body: attemptGradeSchema, response: { 200: attemptSchema } } }, (req) =>
    exams.gradeAttempt(ctxOf(req), req.params.id, req.body),
  );
  r.get('/training/question-banks', { schema: { tags, response: { 200: z.array(questionBankSchema) } } }, (req) =>
    exams.listBanks(ctxOf(req)),
  );
  r.post(
    '/training/question-banks',
    { schema: { tags, body: questionBankInputSchema, response: { 201: questionBankSchema } } },
    async (req, reply) => reply.code(201).send(await exams.createBank(ctxOf(req), req.body)),
  );
  r.put(
    '/training/question-banks/:id',
    { schema: { tags, ...id, body: questionBankUpdateSchema, response: { 200: questionBankSchema } } },
    (req) => exams.updateBank(ctxOf(req), req.params.id, req.body),
  );
  r.get('/training/people/:id', { schema: { tags, ...id, response: { 200: developmentRecordSchema } } }, (req) =>
    people.developmentRecord(ctxOf(req), req.params.id),
  );
  r.get('/training/team', { schema: { tags, response: { 200: z.array(teamMemberSchema) } } }, (req) => people.teamDevelopment(ctxOf(req)));
  r.post(
    '/training/goals',
    { schema: { tags, body: developmentGoalInputSchema, response: { 201: developmentRecordSchema } } },
    async (req, reply) => reply.code(201).send(await people.addGoal(ctxOf(req), req.body)),
  );
  r.patch(
    '/training/goals/:id',
    { schema: { tags, ...id, body: developmentGoalUpdateSchema, response: { 200: developmentRecordSchema } } },
    (req) => people.setGoalDone(ctxOf(req), req.params.id, req.body.done),
  );
  r.get('/training-settings', { schema: { tags, response: { 200: trainingSettingsSchema } } }, (req) => {
    trainingAccess.require(ctxOf(req).actor, 'read');
    return getTrainingSettings(req.server.db, { fresh: true });
  });
  r.put(
    '/training-settings',
    { schema: { tags, body: trainingSettingsSchema, response: { 200: trainingSettingsSchema } } },
    async (req) => {
      const ctx = ctxOf(req);
      trainingAccess.require(ctx.actor, 'manage');
      await ctx.db.transaction(async (tx) => {
        const before = await getTrainingSettings(tx, { fresh: true });
        await saveTrainingSettings(tx, req.body);
        await ctx.audit(tx, { action: 'update', entity: 'settings', entityId: 'training', changes: diffChanges(before, req.body) });
      });
      return getTrainingSettings(ctx.db, { fresh: true });
    },
  );
}
