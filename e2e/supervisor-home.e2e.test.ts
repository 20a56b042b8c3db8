import { describe, expect, inject, it } from 'vitest';
import type { HomeSummary } from '@xiaoguan/shared';
import { acknowledgeIfAsked, useBrowser, signIn, startJourney } from './harness';

/** Journey 3: the supervisor's home page shows the real counts of the platform and the team. */
describe('supervisor home page', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('shows count cards equal to /api/v1/home and the team members', async () => {
    const journey = await startJourney(browser(), baseUrl, 'supervisor');
    const { page } = journey;
    try {
      await signIn(page, 'supervisor');
      await acknowledgeIfAsked(page, () => journey.shot('01-confidentiality'));
      await page.getByTestId('home-card-teamMembers').waitFor();
      await page.getByTestId('home-team').locator('[data-testid^=team-member-]').first().waitFor();
      await journey.shot('02-home', { fullPage: true });

      // The same session, asked directly: the cards show exactly these numbers.
      const response = await page.request.get('/api/v1/home');
      expect(response.status()).toBe(200);
      const summary = (await response.json()) as HomeSummary;
      const team = summary.cards.find((card) => card.key === 'teamMembers');
      expect(team?.value).toBeGreaterThan(1);
      for (const card of summary.cards) {
        const text = await page.getByTestId(`home-card-${card.key}`).innerText();
        expect(text.replace(/,/g, '')).toContain(String(card.value));
      }
      expect(await page.getByTestId('home-team').locator('[data-testid^=team-member-]').count()).toBe(summary.team.members.length);
      expect(await page.getByTestId('home-card-teamMembers').innerText()).toContain('团队成员');
      expect(journey.problems).toEqual([]);
    } catch (error) {
      await journey.failed();
      throw error;
    } finally {
      await journey.close();
    }
  });
});
