import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { clearSettingsCache } from './settings.js';

/** Issue 14 items 11 (retention floor) and 12: every setting is validated; a bad stored one cannot take the app down. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('company settings are validated by their schema', () => {
  it('an unknown time zone is refused, and customers, my day, aging and forecast keep answering', async () => {
    const admin = await t.loginAs('admin');
    const refused = await admin.patch('/api/v1/settings', { timeZone: 'Mars/Olympus' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('body.timeZone');
    expect((await admin.patch('/api/v1/settings', { timeZone: 'Europe/Berlin' })).json().timeZone).toBe('Europe/Berlin');
    await admin.patch('/api/v1/settings', { timeZone: 'Asia/Shanghai' });
  });

  it('audit retention below 5 years is refused; 5 is accepted', async () => {
    const admin = await t.loginAs('admin');
    for (const years of [0, 1, 4]) {
      const response = await admin.patch('/api/v1/settings', { auditRetentionYears: years });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe('body.auditRetentionYears');
    }
    expect((await admin.patch('/api/v1/settings', { auditRetentionYears: 5 })).json().auditRetentionYears).toBe(5);
    await admin.patch('/api/v1/settings', { auditRetentionYears: 7 });
  });

  it('a time zone stored before it was validated falls back to the default instead of answering 500', async () => {
    await t.db.execute(
      sql`insert into settings (key, value) values ('timeZone', '"Mars/Olympus"') on conflict (key) do update set value = excluded.value`,
    );
    clearSettingsCache();
    const director = await t.loginAs('director');
    for (const url of [
      '/api/v1/customers',
      '/api/v1/home',
      '/api/v1/receivables/aging',
      '/api/v1/opportunities/forecast',
      '/api/v1/settings',
    ]) {
      const response = await director.get(url);
      expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200);
    }
    expect((await director.get('/api/v1/settings')).json().timeZone).toBe('Asia/Shanghai');
    await t.db.execute(sql`delete from settings where key = 'timeZone'`);
    clearSettingsCache();
  });
});

describe('query booleans', () => {
  it('?unread=false lists read and unread notifications alike; ?unread=true only unread ones', async () => {
    const rep = await t.loginAs('rep');
    await t.db.execute(
      sql`insert into notifications (user_id, kind, title, read_at) values (${t.ids.rep}, 'test', 'read one', now()), (${t.ids.rep}, 'test', 'unread one', null)`,
    );
    const all = (await rep.get('/api/v1/notifications?unread=false')).json();
    const unread = (await rep.get('/api/v1/notifications?unread=true')).json();
    expect(all.items.map((n: { title: string }) => n.title)).toContain('read one');
    expect(unread.items.map((n: { title: string }) => n.title)).not.toContain('read one');
    expect(unread.items.map((n: { title: string }) => n.title)).toContain('unread one');
  });
});
