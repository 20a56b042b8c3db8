import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { acknowledgeIfAsked, settle, signIn, startJourney, useBrowser, type Journey } from './harness';

/**
 * Service quality (M9, issue 20), journey 2: a complaint comes in at 17:30 on a working day (the
 * fixed clock: it is logged with that time), the R-SVC-1 warning, breach and escalation are dated
 * on the business-hours schedule (10:00, 10:30 and 12:30 of the next working day), the rep
 * resolves it, the customer confirms, the satisfaction survey is answered on the public page on a
 * phone, and the score shows on the rep's survey results. Screenshots in zh-CN and en-US, 1366 and 390 px.
 */
async function switchLanguage(page: Page, to: 'zh-CN' | 'en-US') {
  const button = page.getByTestId('language-switch');
  if ((await button.getAttribute('data-locale')) !== to) {
    await button.click();
    await page.locator(`[data-testid=language-switch][data-locale="${to}"]`).waitFor();
  }
  await settle(page);
}

async function run(journey: Journey, work: () => Promise<void>) {
  journey.page.setDefaultTimeout(45_000);
  try {
    await work();
    expect(journey.problems).toEqual([]);
  } catch (error) {
    await journey.failed();
    throw error;
  } finally {
    await journey.close();
  }
}

async function csrfOf(journey: Journey): Promise<string> {
  const cookies = await journey.context.cookies();
  return cookies.find((cookie) => cookie.name === 'xg_csrf')?.value ?? '';
}

interface Calendar {
  weekdays: number[];
  holidays: string[];
  makeUpWorkdays: string[];
}
const DAY = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
function working(calendar: Calendar, day: string): boolean {
  if (calendar.makeUpWorkdays.includes(day)) return true;
  if (calendar.holidays.includes(day)) return false;
  const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return calendar.weekdays.includes(weekday);
}

describe('service quality', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('a complaint at 17:30 is warned, breached and escalated on business hours, resolved, confirmed, and its survey answered on a phone', async () => {
    const rep = await startJourney(browser(), baseUrl, 'service-rep');
    let complaintId = '';
    let surveyLink = '';
    let days: { logged: string; next: string } = { logged: '', next: '' };
    await run(rep, async () => {
      const { page } = rep;
      await signIn(page, 'rep');
      await acknowledgeIfAsked(page);
      await switchLanguage(page, 'zh-CN');
      const calendar = (await (await page.request.get('/api/v1/service-settings')).json()) as Calendar;
      // The latest working day whose next working day is over (before today, Shanghai time).
      const today = Date.parse(`${dateOf(Date.now() + 8 * 3_600_000)}T00:00:00Z`);
      const nextWorkingDay = (from: number) => {
        let next = from + DAY;
        while (!working(calendar, dateOf(next))) next += DAY;
        return next;
      };
      let day = today - DAY;
      while (!working(calendar, dateOf(day)) || nextWorkingDay(day) >= today) day -= DAY;
      const next = nextWorkingDay(day);
      days = { logged: dateOf(day), next: dateOf(next) };
      const customers = await (await page.request.get('/api/v1/customers?pageSize=1')).json();
      const created = await page.request.post('/api/v1/complaints', {
        headers: { 'x-csrf-token': await csrfOf(rep) },
        data: {
          customerId: customers.items[0].id,
          title: '到货延迟一周',
          category: 'delivery_delay',
          priority: 'critical',
          channel: 'phone',
          description: '客户来电：合同约定上周到货，至今未收到。',
          openedAt: `${days.logged}T17:30:00+08:00`,
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      complaintId = (await created.json()).id;
    });

    // The sweep (a director runs it now instead of waiting for the minute's run).
    const director = await startJourney(browser(), baseUrl, 'service-director');
    await run(director, async () => {
      const { page } = director;
      await signIn(page, 'director');
      await acknowledgeIfAsked(page);
      const swept = await page.request.post('/api/v1/service/sla-sweep', { headers: { 'x-csrf-token': await csrfOf(director) } });
      expect(swept.status()).toBe(200);
      await page.goto('/service-settings');
      await page.getByTestId('service-settings-save').waitFor();
      await switchLanguage(page, 'zh-CN');
      await director.shot('settings-zh');
      await switchLanguage(page, 'en-US');
      await director.shot('settings-en');
      await page.goto('/survey-templates');
      await page.getByTestId('templates-table').waitFor();
      await director.shot('templates-en');
      await switchLanguage(page, 'zh-CN');
      await director.shot('templates-zh');
    });

    const rep2 = await startJourney(browser(), baseUrl, 'service-ticket');
    await run(rep2, async () => {
      const { page } = rep2;
      await signIn(page, 'rep');
      await switchLanguage(page, 'zh-CN');
      await page.goto('/complaints');
      await page.getByTestId('complaints-table').waitFor();
      await rep2.shot('queue-zh');
      await page.goto(`/complaints/${complaintId}`);
      await page.getByTestId('complaint-event-sla_escalated').waitFor();
      // R-SVC-1 on the business-hours schedule: 30 min on the evening it came in, then 60/90/210 min next morning.
      await expect.poll(() => page.getByTestId('complaint-event-sla_warning').innerText()).toContain(`${days.next} 10:00`);
      expect(await page.getByTestId('complaint-event-sla_breached').innerText()).toContain(`${days.next} 10:30`);
      expect(await page.getByTestId('complaint-event-sla_escalated').innerText()).toContain(`${days.next} 12:30`);
      await rep2.shot('ticket-escalated-zh', { fullPage: true });

      await page.getByTestId('complaint-action-respond').click();
      await page.getByTestId('complaint-note').fill('已致电客户，安排加急发货');
      await page.getByTestId('complaint-action-ok').click();
      await page.getByTestId('complaint-action-resolve').waitFor();
      await page.getByTestId('complaint-action-resolve').click();
      await page.getByTestId('complaint-root-cause').fill('仓库排班不足导致出库延迟');
      await page.getByTestId('complaint-corrective-action').fill('增加周末出库班次并每日复核');
      await page.getByTestId('complaint-action-ok').click();
      await page.getByTestId('complaint-action-confirm').waitFor();
      await page.getByTestId('complaint-action-confirm').click();
      await page.getByTestId('complaint-action-ok').click();
      await page.getByTestId('complaint-survey-link').waitFor();
      await page.getByTestId('complaint-closed-loop').waitFor();
      surveyLink = (await page.getByTestId('complaint-survey-link').getAttribute('href')) ?? '';
      expect(surveyLink).toMatch(/\/s\/[A-Za-z0-9_-]{20,}$/);
      await rep2.shot('ticket-closed-zh', { fullPage: true });
      await switchLanguage(page, 'en-US');
      await rep2.shot('ticket-closed-en', { fullPage: true });
      await page.goto('/complaints');
      await page.getByTestId('complaints-table').waitFor();
      await rep2.shot('queue-en');
    });

    // The customer, on a phone, without an account.
    const customer = await startJourney(browser(), baseUrl, 'service-survey-phone', { width: 390, height: 844 });
    await run(customer, async () => {
      const { page } = customer;
      await page.goto(new URL(surveyLink).pathname);
      await page.getByTestId('survey-submit').waitFor();
      await customer.shot('open-zh', { fullPage: true });
      await switchLanguage(page, 'en-US');
      await customer.shot('open-en', { fullPage: true });
      await page.getByTestId('survey-csat-5').click();
      await page.getByTestId('survey-nps-9').click();
      await page.getByTestId('survey-comment').fill('Fixed quickly once they called.');
      await page.getByTestId('survey-submit').click();
      await page.getByTestId('survey-thanks').waitFor();
      await customer.shot('thanks-en');
      await page.reload();
      await page.getByTestId('survey-answered').waitFor();
    });

    // The score on the rep's survey results, desktop and phone.
    const results = await startJourney(browser(), baseUrl, 'service-results');
    await run(results, async () => {
      const { page } = results;
      await signIn(page, 'rep');
      await switchLanguage(page, 'zh-CN');
      await page.goto('/survey-results');
      await page.getByTestId('results-recent').waitFor();
      await expect.poll(() => page.getByTestId('results-recent').innerText()).toContain('Fixed quickly once they called.');
      await results.shot('zh', { fullPage: true });
      await switchLanguage(page, 'en-US');
      await results.shot('en', { fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto('/complaints');
      await page.getByTestId('complaints-table').waitFor();
      await results.shot('queue-phone-en');
    });
  }, 900_000);
});
