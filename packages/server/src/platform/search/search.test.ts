import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordShortcutList, SearchResult } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';

let t: TestApp;
const c: Record<string, Client> = {};
const PHONE = '19966601234';
const CONTACT_PHONE = '19966607788';
let customer: { id: string; version: number };
let contact: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of ['rep', 'rep2', 'supervisor', 'director', 'finance', 'auditor']) c[who] = await t.loginAs(who);
  const created = await c.rep!.post('/api/v1/customers', {
    kind: 'organization',
    name: '璨星搜索科技有限公司',
    phone: PHONE,
    ignoreDuplicates: true,
  });
  expect(created.statusCode, created.body).toBe(201);
  customer = created.json();
  const added = await c.rep!.post(`/api/v1/customers/${customer.id}/contacts`, { name: '欧阳璨星', phone: CONTACT_PHONE });
  expect(added.statusCode, added.body).toBe(201);
  contact = added.json();
});
afterAll(() => t.close());

async function search(who: string, q: string): Promise<SearchResult> {
  const response = await c[who]!.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const idsOf = (result: SearchResult, type: string) => result.groups.find((group) => group.type === type)?.items.map((hit) => hit.id) ?? [];

describe('R-SRCH-1 global search: grouped, within record access and field masking', () => {
  it('finds a customer by a 2-character Chinese query, a longer one, and its contact, grouped by type', async () => {
    for (const q of ['璨星', '璨星搜索', '搜索科技']) expect(idsOf(await search('rep', q), 'customer'), q).toContain(customer.id);
    const result = await search('rep', '璨星');
    const hit = result.groups.find((group) => group.type === 'contact')?.items.find((item) => item.id === contact.id);
    expect(hit, 'contact found by name').toMatchObject({
      title: '欧阳璨星',
      subtitle: '璨星搜索科技有限公司',
      target: { type: 'customer', id: customer.id },
    });
    // Groups come in module order: customers before contacts before products …
    const types = result.groups.map((group) => group.type);
    expect(types.indexOf('customer')).toBeLessThan(types.indexOf('contact'));
  });

  it('at most `limit` hits per group', async () => {
    const response = await c.director!.get('/api/v1/search?q=有限公司&limit=3');
    expect(response.statusCode).toBe(200);
    const result = response.json() as SearchResult;
    expect(result.groups.length).toBeGreaterThan(0);
    for (const group of result.groups) expect(group.items.length, group.type).toBeLessThanOrEqual(3);
  });

  it('the reporting line finds the customer and the contact by phone; whoever sees the phone masked finds neither by it', async () => {
    for (const who of ['rep', 'supervisor', 'director']) {
      for (const q of [PHONE, PHONE.slice(3, 9), PHONE.slice(-5)])
        expect(idsOf(await search(who, q), 'customer'), `${who} ${q}`).toContain(customer.id);
      expect(idsOf(await search(who, CONTACT_PHONE.slice(-6)), 'contact'), who).toContain(contact.id);
    }
    // Finance and the auditor read every customer but see contact details masked (R-SEC-1).
    for (const who of ['finance', 'auditor']) {
      expect(idsOf(await search(who, '璨星搜索'), 'customer'), `${who} by name`).toContain(customer.id);
      for (const q of [PHONE, PHONE.slice(3, 9), PHONE.slice(-5), PHONE.slice(0, 3), CONTACT_PHONE.slice(-6)]) {
        const result = await search(who, q);
        expect(idsOf(result, 'customer'), `${who} ${q}`).not.toContain(customer.id);
        expect(idsOf(result, 'contact'), `${who} ${q}`).not.toContain(contact.id);
      }
    }
  });

  it('another rep finds nothing of it, by name or by phone', async () => {
    for (const q of ['璨星', '璨星搜索科技', PHONE]) {
      const result = await search('rep2', q);
      expect(idsOf(result, 'customer'), q).not.toContain(customer.id);
      expect(idsOf(result, 'contact'), q).not.toContain(contact.id);
    }
  });

  it('a query shorter than two characters, or of only wildcards, finds nothing and fails nothing', async () => {
    expect((await search('rep', '璨')).groups).toEqual([]);
    expect((await search('rep', '')).groups).toEqual([]);
    expect(idsOf(await search('director', '%%%'), 'customer')).toEqual([]);
    const tooLong = await c.rep!.get(`/api/v1/search?q=${'x'.repeat(101)}`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.field).toMatch(/q/);
  });
});

describe('recent items and favourites: per user, only what the user may still see', () => {
  const list = async (who: string, what: 'recent' | 'favourites') => {
    const response = await c[who]!.get(`/api/v1/${what}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as RecordShortcutList;
  };

  it('opening a record page records it for that user alone; a record out of scope cannot be recorded', async () => {
    const visit = await c.rep!.post('/api/v1/recent', { type: 'customer', id: customer.id });
    expect(visit.statusCode, visit.body).toBe(200);
    const recent = await list('rep', 'recent');
    expect(recent.items[0]).toMatchObject({ type: 'customer', id: customer.id, title: '璨星搜索科技有限公司' });
    expect(recent.favouriteTypes).toEqual(expect.arrayContaining(['customer', 'opportunity']));
    expect((await list('rep2', 'recent')).items.map((item) => item.id)).not.toContain(customer.id);
    const before = await t.snapshot();
    expect((await c.rep2!.post('/api/v1/recent', { type: 'customer', id: customer.id })).statusCode).toBe(404);
    expect((await c.rep2!.post('/api/v1/recent', { type: 'nosuchthing', id: customer.id })).json().error.field).toBe('body.type');
    expect(await t.snapshot()).toBe(before);
  });

  it('keeps the last 20 per user, newest first', async () => {
    const customers = await c.director!.get('/api/v1/customers?pageSize=25');
    const ids = (customers.json().items as { id: string }[]).map((item) => item.id);
    expect(ids.length).toBe(25);
    for (const id of ids) expect((await c.director!.post('/api/v1/recent', { type: 'customer', id })).statusCode).toBe(200);
    const recent = await list('director', 'recent');
    expect(recent.items.map((item) => item.id)).toEqual(ids.slice(5).reverse());
  });

  it('pin and unpin; a favourite the user can no longer see is not shown, and others never see it', async () => {
    expect((await c.rep!.put(`/api/v1/favourites/customer/${customer.id}`)).statusCode).toBe(200);
    expect((await c.rep!.put(`/api/v1/favourites/customer/${customer.id}`)).statusCode).toBe(200); // again: no change
    expect((await list('rep', 'favourites')).items.map((item) => item.id)).toEqual([customer.id]);
    expect((await list('rep2', 'favourites')).items.map((item) => item.id)).not.toContain(customer.id);
    expect((await c.rep2!.put(`/api/v1/favourites/customer/${customer.id}`)).statusCode).toBe(404);
    // Contacts are not pinnable (not declared `favourite`).
    expect((await c.rep!.put(`/api/v1/favourites/contact/${contact.id}`)).json().error.field).toBe('params.type');

    expect((await c.rep!.delete(`/api/v1/favourites/customer/${customer.id}`)).statusCode).toBe(200);
    expect((await list('rep', 'favourites')).items).toEqual([]);
    expect((await c.rep!.put(`/api/v1/favourites/customer/${customer.id}`)).statusCode).toBe(200);

    // The director hands the customer to rep2: rep no longer sees it, in favourites or in recent items.
    const current = (await c.director!.get(`/api/v1/customers/${customer.id}`)).json();
    const rep2Id = c.rep2!.userId;
    const assigned = await c.director!.post(`/api/v1/customers/${customer.id}/assign`, { ownerId: rep2Id, version: current.version });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect((await list('rep', 'favourites')).items.map((item) => item.id)).not.toContain(customer.id);
    expect((await list('rep', 'recent')).items.map((item) => item.id)).not.toContain(customer.id);
    expect(idsOf(await search('rep', '璨星搜索'), 'customer')).not.toContain(customer.id);
    expect(idsOf(await search('rep2', '璨星搜索'), 'customer')).toContain(customer.id);
  });
});
