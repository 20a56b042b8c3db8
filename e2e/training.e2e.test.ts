import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chooseOption, runJourney, settle, signInAs, startJourney, switchLanguage, useBrowser, type Journey } from './harness';

/**
 * Training (M8, issue 20), journey 1: the manager publishes a training plan, the supervisor enrols
 * two reps in a session, attendance is taken on a phone with the rep's check-in code (the QR
 * mechanism's typed fallback), the rep sits the exam on a phone and fails, retakes and passes
 * (R-TRN-1), and the result and the certificate appear in the rep's development record.
 * Screenshots of every training page in zh-CN and en-US, 1366 and 390 px.
 */
async function csrfOf(journey: Journey): Promise<string> {
  return (await journey.context.cookies()).find((cookie) => cookie.name === 'xg_csrf')?.value ?? '';
}

async function answer(page: Page, choice: string, truth: string) {
  await page.getByTestId('question-q1').getByText(choice, { exact: true }).click();
  await page.getByTestId('question-q2').getByText(truth, { exact: true }).click();
  await page.getByTestId('exam-submit').click();
  await page.locator('.ant-popconfirm .ant-btn-primary').click();
  await page.getByTestId('exam-result').waitFor();
}

describe('training', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('plan → session → two reps enrolled → QR attendance on a phone → exam failed, retaken, passed → certificate on the record', async () => {
    const stamp = Date.now().toString(36).slice(-5);
    const planTitle = `旅程培训计划 ${stamp}`;
    const sessionTitle = `旅程课程 ${stamp}`;
    const cert = `旅程认证 ${stamp}`;
    let sessionId = '';

    const manager = await startJourney(browser(), baseUrl, 'training-manager');
    await runJourney(manager, async () => {
      const { page } = manager;
      await signInAs(page, 'manager');
      await page.goto('/training');
      await page.getByTestId('plan-new').click();
      await page.getByTestId('plan-title').fill(planTitle);
      await page.getByTestId('plan-save').click();
      await page.getByTestId(`plan-${planTitle}`).waitFor();
      await page.getByTestId(`plan-${planTitle}`).getByTestId('plan-publish').click();
      await page.getByTestId(`plan-${planTitle}`).getByText('已发布').waitFor();
      const plans = await (await page.request.get('/api/v1/training/plans')).json();
      const planId = plans.find((p: { title: string }) => p.title === planTitle).id;
      const users = await (await page.request.get('/api/v1/users?pageSize=5&q=supervisor')).json();
      const supervisorId = users.items.find((u: { username: string }) => u.username === 'supervisor').id;
      const headers = { 'x-csrf-token': await csrfOf(manager) };
      // A session happening now (its exam opens after attendance), with a bank-based exam.
      const session = await page.request.post('/api/v1/training/sessions', {
        headers,
        data: {
          planId,
          title: sessionTitle,
          topic: 'product',
          method: 'internal',
          level: 'junior',
          audienceRoles: ['rep'],
          startsAt: new Date(Date.now() - 30 * 60_000).toISOString(),
          endsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
          location: '上海总部 3 楼培训室',
          capacity: 20,
          trainerId: supervisorId,
          certification: cert,
          certValidMonths: 12,
        },
      });
      expect(session.status(), await session.text()).toBe(201);
      sessionId = (await session.json()).id;
      const bank = await page.request.post('/api/v1/training/question-banks', {
        headers,
        data: {
          title: `旅程题库 ${stamp}`,
          topic: 'product',
          questions: [
            { id: 'q1', kind: 'single', text: '滤芯多久更换？', options: ['一个月', '六个月', '三年'], correct: [1], points: 50 },
            { id: 'q2', kind: 'true_false', text: '安装后需冲洗滤芯', correct: [0], points: 50 },
          ],
        },
      });
      expect(bank.status(), await bank.text()).toBe(201);
      const exam = await page.request.put(`/api/v1/training/sessions/${sessionId}/exam`, {
        headers,
        data: { bankId: (await bank.json()).id, title: '新品考试', passPercent: 100, timeLimitMinutes: 20, maxAttempts: 2 },
      });
      expect(exam.status(), await exam.text()).toBe(200);
      await page.reload();
      await page.getByTestId('training-calendar').waitFor();
      await manager.shot('plan-zh', { fullPage: true });
      await switchLanguage(page, 'en-US');
      await manager.shot('plan-en', { fullPage: true });
      await page.goto('/training/banks');
      await page.getByTestId(`bank-旅程题库 ${stamp}`).waitFor();
      await manager.shot('banks-en');
      await switchLanguage(page, 'zh-CN');
      await manager.shot('banks-zh');
    });

    const supervisor = await startJourney(browser(), baseUrl, 'training-supervisor');
    await runJourney(supervisor, async () => {
      const { page } = supervisor;
      await signInAs(page, 'supervisor');
      await page.goto(`/training/sessions/${sessionId}`);
      await page.getByTestId('assign-select').waitFor();
      const team = await (await page.request.get('/api/v1/training/team')).json();
      const names = team.filter((m: { roles: string[] }) => m.roles.includes('rep')).map((m: { userName: string }) => m.userName);
      const rep = (await (await page.request.get('/api/v1/users?pageSize=5&q=rep')).json()).items.find(
        (u: { username: string }) => u.username === 'rep',
      ).displayName as string;
      const other = names.find((n: string) => n !== rep) as string;
      await chooseOption(page, 'assign-select', rep, rep);
      await chooseOption(page, 'assign-select', other, other);
      await page.keyboard.press('Escape');
      await page.getByTestId('assign-submit').click();
      await page.getByTestId('session-people').getByText(other).waitFor();
      await page.getByTestId('session-people').getByText(rep).waitFor();
      await supervisor.shot('session-zh', { fullPage: true });
      await switchLanguage(page, 'en-US');
      await supervisor.shot('session-en', { fullPage: true });
      await page.goto('/training/team');
      await page.getByTestId('training-team').waitFor();
      await supervisor.shot('team-en');
      await switchLanguage(page, 'zh-CN');
      await supervisor.shot('team-zh');
    });

    // The rep's pass on their phone; the trainer (the supervisor) takes it on theirs.
    const repPhone = await startJourney(browser(), baseUrl, 'training-rep-phone', { width: 390, height: 844 });
    const trainerPhone = await startJourney(browser(), baseUrl, 'training-trainer-phone', { width: 390, height: 844 });
    await runJourney(trainerPhone, async () => {
      await runJourney(repPhone, async () => {
        const { page } = repPhone;
        await signInAs(page, 'rep');
        await page.goto('/training/my');
        await page.getByTestId('checkin-code').waitFor();
        const code = (await page.getByTestId('checkin-code').innerText()).trim();
        expect(code).toMatch(/^[0-9A-F]{8}$/);
        await repPhone.shot('pass-zh', { fullPage: true });

        const trainer = trainerPhone.page;
        await signInAs(trainer, 'supervisor');
        await trainer.goto(`/training/sessions/${sessionId}`);
        await trainer.getByTestId('checkin-input').fill(code);
        await trainer.getByTestId('checkin-submit').click();
        await trainer.getByTestId('session-people').locator('[data-testid^=attended-]').first().waitFor();
        await trainerPhone.shot('checkin-zh', { fullPage: true });

        await page.goto(`/training/sessions/${sessionId}`);
        await page.getByTestId('exam-start').click();
        await page.getByTestId('exam-countdown').waitFor();
        await repPhone.shot('exam-zh', { fullPage: true });
        await answer(page, '一个月', '正确');
        await page.getByTestId('attempt-failed').first().waitFor();
        await repPhone.shot('exam-failed-zh', { fullPage: true });
        await page.goto(`/training/sessions/${sessionId}`);
        await page.getByTestId('exam-start').click();
        await page.getByTestId('exam-countdown').waitFor();
        await switchLanguage(page, 'en-US');
        await answer(page, '六个月', 'True');
        await page.getByTestId('attempt-passed').first().waitFor();
        await repPhone.shot('exam-passed-en', { fullPage: true });

        await page.goto('/training/my');
        await page.getByTestId('record-certifications').getByText(cert).waitFor();
        await settle(page);
        expect(await page.getByTestId('record-sessions').innerText()).toContain(sessionTitle);
        await repPhone.shot('record-en', { fullPage: true });
        await switchLanguage(page, 'zh-CN');
        await repPhone.shot('record-zh', { fullPage: true });
      });
    });
  }, 900_000);
});
