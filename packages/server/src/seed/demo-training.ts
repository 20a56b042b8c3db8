import { sql } from 'drizzle-orm';
import { certificationExpiry, scoreAttempt, scoreRubric, type AttemptAnswers, type ExamQuestion } from '@xiaoguan/shared';
import type { Executor } from '../platform/db/client.js';
import { saveModuleSettings } from '../platform/settings/settings.js';
import { sfc32 } from './demo-customers.js';
import {
  trainingAttempts,
  trainingCertifications,
  trainingEnrolments,
  trainingExams,
  trainingGoals,
  trainingPlans,
  trainingQuestionBanks,
  trainingSessions,
  trainingTaskGrades,
  trainingTasks,
} from '../modules/training/training.schema.js';
import { DEFAULT_TRAINING_SETTINGS } from '../modules/training/training.settings.js';

const DAY = 86_400_000;
const PRODUCT_CERT = '净水器产品线销售资格';

const BANKS: { title: string; topic: string; questions: ExamQuestion[] }[] = [
  {
    title: '净水器产品知识题库',
    topic: 'product',
    questions: [
      {
        id: 'q1',
        kind: 'single',
        text: 'RO 反渗透滤芯建议的更换周期是？',
        options: ['3 个月', '6 个月', '24 个月'],
        correct: [2],
        points: 20,
      },
      {
        id: 'q2',
        kind: 'multiple',
        text: '以下哪些是本季新品的主要卖点？',
        options: ['无桶大通量', '智能滤芯提醒', '需要电热水壶', '厨下安装'],
        correct: [0, 1, 3],
        points: 30,
      },
      { id: 'q3', kind: 'true_false', text: '净水器安装后首次使用前需冲洗 5 分钟。', options: [], correct: [0], points: 20 },
      { id: 'q4', kind: 'single', text: '客户水压不足时应推荐？', options: ['增压泵', '更换水龙头', '无需处理'], correct: [0], points: 30 },
    ],
  },
  {
    title: '顾问式销售技巧题库',
    topic: 'sales_skills',
    questions: [
      {
        id: 'q1',
        kind: 'single',
        text: 'SPIN 中的 “I” 指的是？',
        options: ['Implication 暗示问题', 'Idea 想法', 'Invoice 发票'],
        correct: [0],
        points: 25,
      },
      { id: 'q2', kind: 'true_false', text: '报价前应先确认客户的决策链。', options: [], correct: [0], points: 25 },
      {
        id: 'q3',
        kind: 'multiple',
        text: '处理价格异议的有效做法有？',
        options: ['强调总拥有成本', '立即降价', '提供分期方案', '对比竞品价值'],
        correct: [0, 2, 3],
        points: 25,
      },
      {
        id: 'q4',
        kind: 'single',
        text: '成交信号不包括？',
        options: ['询问交付时间', '询问付款方式', '频繁看手表'],
        correct: [2],
        points: 25,
      },
    ],
  },
  {
    title: '客户服务规范题库',
    topic: 'customer_service',
    questions: [
      { id: 'q1', kind: 'single', text: '客户投诉的首次响应时限是？', options: ['2 小时', '1 个工作日', '3 天'], correct: [0], points: 40 },
      { id: 'q2', kind: 'true_false', text: '可以在客户确认前关闭投诉工单。', options: [], correct: [1], points: 30 },
      { id: 'q3', kind: 'true_false', text: '回访应在问题解决后进行并记录结果。', options: [], correct: [0], points: 30 },
    ],
  },
];

/** The year's sessions, one or two a month: [month (0-based), title, topic, method, level, bank index or -1, certification?]. */
const SESSIONS: [number, string, string, string, string, number, string | null][] = [
  [0, '新员工销售入门', 'sales_skills', 'internal', 'junior', 1, null],
  [1, '净水器新品知识（第一期）', 'product', 'internal', 'junior', 0, PRODUCT_CERT],
  [2, '客户服务规范与投诉处理', 'customer_service', 'case_study', 'junior', 2, null],
  [3, '商务沟通与谈判', 'communication', 'role_play', 'mid', -1, null],
  [4, '顾问式销售进阶', 'sales_skills', 'external', 'mid', 1, null],
  [5, '行业趋势与竞品分析', 'market_trends', 'online', 'mid', -1, null],
  [6, '净水器新品知识（第二期）', 'product', 'internal', 'junior', 0, PRODUCT_CERT],
  [7, '大客户经营实战', 'sales_skills', 'case_study', 'senior', 1, null],
  [8, '团队管理与辅导', 'communication', 'external', 'senior', -1, null],
  [9, '客户满意度提升工作坊', 'customer_service', 'role_play', 'mid', 2, null],
  [10, '净水器新品知识（第三期）', 'product', 'online', 'junior', 0, PRODUCT_CERT],
  [11, '年度复盘与来年市场展望', 'market_trends', 'internal', 'senior', -1, null],
];
const COMMENTS = ['案例贴近实际，收获很大', '节奏有点快', '希望多一些演练时间', '讲师很专业', null];

/**
 * Training demo data (M8, issue 20): this year's published plan with a session a month, three
 * question banks, past sessions with enrolments, QR attendance, exam attempts (some failed and
 * retaken, R-TRN-1), feedback and the certifications they granted (some expiring soon); future
 * sessions open for enrolment; the product certification required of reps; a few development
 * goals. Deterministic for a seed and a moment; writes no notifications.
 */
export async function seedDemoTraining(
  db: Executor,
  options: { now?: Date; seed?: number } = {},
): Promise<{ sessions: number; attempts: number }> {
  const now = options.now ?? new Date();
  const random = sfc32(options.seed ?? 20261208);
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
  const people = await db.execute<{ id: string; roles: string[]; manager_id: string | null }>(sql`
    select id, roles, manager_id from users where not disabled and roles && array['rep', 'supervisor', 'key_account']::text[] order by username`);
  if (!people.rows.length) return { sessions: 0, attempts: 0 };
  const supervisors = await db.execute<{ id: string }>(sql`select id from users where 'supervisor' = any(roles) order by username`);
  const [manager] = (await db.execute<{ id: string }>(sql`select id from users where 'manager' = any(roles) order by username limit 1`))
    .rows;
  await saveModuleSettings(db, 'training', { ...DEFAULT_TRAINING_SETTINGS, requiredCertifications: [{ role: 'rep', name: PRODUCT_CERT }] });
  const [plan] = await db
    .insert(trainingPlans)
    .values({
      year,
      title: `${year} 年度销售团队培训计划`,
      goals: '新品上市前全员通过产品知识考核；主管完成辅导能力培训；客户服务投诉响应达标率 95% 以上。',
      budgetCents: 36_000_000,
      status: 'published',
      createdById: manager?.id ?? null,
      createdAt: new Date(Date.UTC(year, 0, 3)),
    })
    .returning({ id: trainingPlans.id });
  const banks = await db.insert(trainingQuestionBanks).values(BANKS).returning({ id: trainingQuestionBanks.id });
  let attempts = 0;
  for (const [index, [month, title, topic, method, level, bank, certification]] of SESSIONS.entries()) {
    // 14:00–17:00 Shanghai on the 15th.
    const startsAt = new Date(Date.UTC(year, month, 15, 6));
    const endsAt = new Date(startsAt.getTime() + 3 * 3_600_000);
    const external = method === 'external';
    const [session] = await db
      .insert(trainingSessions)
      .values({
        planId: plan!.id,
        title,
        topic,
        method,
        level,
        audienceRoles: level === 'senior' ? ['supervisor', 'key_account'] : ['rep'],
        startsAt,
        endsAt,
        location: method === 'online' ? '线上直播' : '上海总部 3 楼培训室',
        capacity: 20 + (index % 3) * 10,
        trainerId: external ? null : (supervisors.rows[index % Math.max(1, supervisors.rows.length)]?.id ?? null),
        externalTrainer: external ? '外部讲师 · 领航商学院' : null,
        budgetCents: (external ? 3_000_000 : 800_000) + index * 50_000,
        materials: [{ title: `${title} 讲义`, url: `https://example.com/training/${year}/${index + 1}.pdf` }],
        certification,
        certValidMonths: certification ? 12 : null,
        remindedAt: startsAt < now ? startsAt : null,
      })
      .returning({ id: trainingSessions.id });
    const past = endsAt < now;
    const pool = people.rows.filter((p) => (level === 'senior' ? !p.roles.includes('rep') : p.roles.includes('rep') || random() < 0.2));
    const chosen = pool.filter(() => random() < (past ? 0.6 : 0.3)).slice(0, 20 + (index % 3) * 10);
    const exam =
      bank >= 0
        ? (
            await db
              .insert(trainingExams)
              .values({
                sessionId: session!.id,
                bankId: banks[bank]!.id,
                title: `${title} 考试`,
                passPercent: 70,
                timeLimitMinutes: 20,
                maxAttempts: 2,
                questions: BANKS[bank]!.questions,
              })
              .returning()
          )[0]!
        : null;
    for (const person of chosen) {
      const attended = past && random() < 0.88;
      const [enrolment] = await db
        .insert(trainingEnrolments)
        .values({
          sessionId: session!.id,
          userId: person.id,
          status: 'enrolled',
          assignedById: random() < 0.5 ? person.manager_id : null,
          attendedAt: attended ? new Date(startsAt.getTime() - 10 * 60_000 + Math.floor(random() * 20) * 60_000) : null,
          feedbackRating: attended && random() < 0.7 ? 3 + Math.floor(random() * 3) : null,
          feedbackComment: attended && random() < 0.4 ? (COMMENTS[Math.floor(random() * COMMENTS.length)] ?? null) : null,
          createdAt: new Date(startsAt.getTime() - 10 * DAY),
        })
        .returning({ id: trainingEnrolments.id });
      if (!attended || !exam || !enrolment) continue;
      // Each try answers each question right with the person's skill; a fail is retaken once (R-TRN-1).
      const skill = 0.55 + random() * 0.45;
      for (let no = 1; no <= exam.maxAttempts; no++) {
        const answers: AttemptAnswers = {};
        for (const q of exam.questions) {
          const right = random() < skill + (no - 1) * 0.15;
          const wrongOption = q.kind === 'true_false' ? 1 - q.correct[0]! : (q.correct[0]! + 1) % Math.max(2, q.options.length);
          answers[q.id] = right ? q.correct : [wrongOption];
        }
        const result = scoreAttempt(exam.questions, answers, {}, exam.passPercent);
        const submittedAt = new Date(endsAt.getTime() + no * DAY);
        const [attempt] = await db
          .insert(trainingAttempts)
          .values({
            examId: exam.id,
            userId: person.id,
            attemptNo: no,
            status: result.outcome === 'passed' ? 'passed' : 'failed',
            startedAt: new Date(submittedAt.getTime() - 15 * 60_000),
            deadlineAt: new Date(submittedAt.getTime() + 5 * 60_000),
            submittedAt,
            answers,
            points: result.points,
            score: result.score,
            percent: result.percent,
          })
          .returning({ id: trainingAttempts.id });
        attempts += 1;
        if (result.outcome === 'passed') {
          if (certification) {
            await db.insert(trainingCertifications).values({
              userId: person.id,
              name: certification,
              sessionId: session!.id,
              attemptId: attempt!.id,
              issuedAt: submittedAt,
              expiresAt: certificationExpiry(submittedAt, 12),
            });
          }
          break;
        }
      }
    }
  }
  // Practical tasks graded by a rubric (R-TRN-2) on the past role-play and case-study sessions; the
  // scores come from the row order, not random(), so the rest of the demo stays as it was.
  const practical = await db.execute<{ session_id: string; trainer_id: string | null; ends_at: string | Date; people: string[] }>(sql`
    select s.id as session_id, s.trainer_id, s.ends_at, array_agg(e.user_id order by e.user_id) as people
      from training_sessions s join training_enrolments e on e.session_id = s.id and e.attended_at is not null
     where s.plan_id = ${plan!.id} and s.method in ('role_play', 'case_study') and s.ends_at < ${now}
     group by s.id order by s.starts_at`);
  for (const row of practical.rows) {
    const criteria = [
      { name: '了解客户需求', points: 30 },
      { name: '异议处理', points: 40 },
      { name: '推进成交', points: 30 },
    ];
    const [task] = await db
      .insert(trainingTasks)
      .values({ sessionId: row.session_id, title: '客户拜访角色扮演', criteria, passPercent: 60, createdAt: new Date(row.ends_at) })
      .returning({ id: trainingTasks.id });
    await db.insert(trainingTaskGrades).values(
      row.people.map((userId, i) => {
        const scores = criteria.map((c, k) => Math.round(c.points * (0.4 + (((i * 7 + k * 3) % 10) / 10) * 0.6)));
        const result = scoreRubric(criteria, scores, 60);
        const graded = result.valid ? result : { points: 0, maxPoints: 100, percent: 0, passed: false };
        return {
          taskId: task!.id,
          userId,
          scores,
          points: graded.points,
          maxPoints: graded.maxPoints,
          percent: graded.percent,
          passed: graded.passed,
          gradedById: row.trainer_id,
          gradedAt: new Date(new Date(row.ends_at).getTime() + DAY),
        };
      }),
    );
  }
  // A few certifications from last year, about to expire: the renewal reminders have work.
  const renewals = people.rows.filter((p) => p.roles.includes('rep')).slice(0, 4);
  for (const [i, person] of renewals.entries()) {
    await db.insert(trainingCertifications).values({
      userId: person.id,
      name: '安全生产与合规',
      issuedAt: new Date(now.getTime() - (350 - i * 5) * DAY),
      expiresAt: new Date(now.getTime() + (15 + i * 5) * DAY),
    });
  }
  const goals = people.rows.filter((p) => p.roles.includes('rep')).slice(4, 10);
  await db.insert(trainingGoals).values(
    goals.map((person, i) => ({
      userId: person.id,
      title: i % 2 ? '掌握顾问式销售，季度签约额提升 20%' : '一年内具备带教新人的能力',
      targetRole: i % 2 ? null : 'supervisor',
      topic: i % 2 ? 'sales_skills' : 'communication',
      dueOn: `${year}-12-31`,
      createdById: person.manager_id,
      createdAt: new Date(Date.UTC(year, 1, 1)),
    })),
  );
  return { sessions: SESSIONS.length, attempts };
}
