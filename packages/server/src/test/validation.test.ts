import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { DEFAULT_OPPORTUNITY_SETTINGS as OPPORTUNITY_SETTINGS } from '../modules/opportunities/opportunities.settings.js';

const ZERO = '00000000-0000-4000-8000-000000000000';

/** Malformed bodies, queries and parameters get 400 naming the field, and nothing is written. */
let t: TestApp;
let admin: Client;
let director: Client;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.loginAs('admin');
  director = await t.loginAs('director');
});
afterAll(() => t.close());

const cases: [string, () => Promise<{ statusCode: number; json: () => { error: { field?: string } } }>, string][] = [
  [
    'body: missing username',
    () =>
      admin.post('/api/v1/users', {
        displayName: 'x',
        password: 'Orchid-Lake-52',
        roles: ['rep'],
        orgUnitId: '00000000-0000-4000-8000-000000000000',
      }),
    'body.username',
  ],
  [
    'body: unknown role',
    () =>
      admin.post('/api/v1/users', {
        username: 'abc',
        displayName: 'x',
        password: 'Orchid-Lake-52',
        roles: ['king'],
        orgUnitId: '00000000-0000-4000-8000-000000000000',
      }),
    'body.roles.0',
  ],
  [
    'body: short password',
    () =>
      admin.post('/api/v1/users', {
        username: 'abc',
        displayName: 'x',
        password: 'short',
        roles: ['rep'],
        orgUnitId: '00000000-0000-4000-8000-000000000000',
      }),
    'body.password',
  ],
  [
    'body: bad email',
    () =>
      admin.post('/api/v1/users', {
        username: 'abc',
        displayName: 'x',
        password: 'Orchid-Lake-52',
        roles: ['rep'],
        orgUnitId: '00000000-0000-4000-8000-000000000000',
        email: 'nope',
      }),
    'body.email',
  ],
  [
    'body: unknown org unit',
    () =>
      admin.post('/api/v1/users', {
        username: 'abc',
        displayName: 'x',
        password: 'Orchid-Lake-52',
        roles: ['rep'],
        orgUnitId: '00000000-0000-4000-8000-000000000000',
      }),
    'body.orgUnitId',
  ],
  ['body: missing version', () => admin.patch('/api/v1/users/00000000-0000-4000-8000-000000000000', { displayName: 'x' }), 'body.version'],
  ['params: not a uuid', () => admin.get('/api/v1/users/not-a-uuid'), 'params.id'],
  ['query: page 0', () => admin.get('/api/v1/users?page=0'), 'querystring.page'],
  ['query: pageSize too big', () => admin.get('/api/v1/users?pageSize=100000'), 'querystring.pageSize'],
  ['query: bad date', () => admin.get('/api/v1/audit?from=yesterday'), 'querystring.from'],
  [
    'body: delegation ends before it starts',
    () =>
      admin.post('/api/v1/approval-delegations', {
        toUserId: '00000000-0000-4000-8000-000000000000',
        startsAt: '2026-12-02T00:00:00Z',
        endsAt: '2026-12-01T00:00:00Z',
      }),
    'body.endsAt',
  ],
  ['body: policy without steps', () => admin.post('/api/v1/approval-policies', { subjectType: 'x', name: 'x', steps: [] }), 'body.steps'],
  ['body: settings out of range', () => admin.patch('/api/v1/settings', { auditRetentionYears: 0 }), 'body.auditRetentionYears'],
  ['customers body: unknown tier', () => director.post('/api/v1/customers', { kind: 'organization', name: 'x', tier: 'Z' }), 'body.tier'],
  ['customers body: bad phone', () => director.post('/api/v1/customers', { kind: 'person', name: 'x', phone: 'call me' }), 'body.phone'],
  [
    'customers body: bad birthday',
    () => director.post('/api/v1/customers', { kind: 'person', name: 'x', birthday: '1990-13-40' }),
    'body.birthday',
  ],
  ['customers body: empty name', () => director.post('/api/v1/customers', { kind: 'person', name: '   ' }), 'body.name'],
  [
    'customers body: negative purchasing',
    () => director.post('/api/v1/customers', { kind: 'organization', name: 'x', annualPurchaseCents: -1 }),
    'body.annualPurchaseCents',
  ],
  ['customers query: unknown sort', () => director.get('/api/v1/customers?sort=phone'), 'querystring.sort'],
  ['customers query: overdue not a boolean', () => director.get('/api/v1/customers?overdue=maybe'), 'querystring.overdue'],
  [
    'interactions body: unknown type',
    () =>
      director.post('/api/v1/customers/00000000-0000-4000-8000-000000000000/interactions', {
        type: 'fax',
        occurredAt: '2026-11-01T00:00:00Z',
      }),
    'body.type',
  ],
  [
    'tasks body: missing due date',
    () => director.post('/api/v1/tasks', { customerId: '00000000-0000-4000-8000-000000000000', title: 'x' }),
    'body.dueAt',
  ],
  [
    'receipts body: amount zero',
    () =>
      director.post('/api/v1/receipts', {
        installmentId: '00000000-0000-4000-8000-000000000000',
        amountCents: 0,
        receivedOn: '2026-11-01',
        method: 'cash',
        idempotencyKey: 'validation-1',
      }),
    'body.amountCents',
  ],
  [
    'receipts body: unknown method',
    () =>
      director.post('/api/v1/receipts', {
        installmentId: '00000000-0000-4000-8000-000000000000',
        amountCents: 1,
        receivedOn: '2026-11-01',
        method: 'barter',
        idempotencyKey: 'validation-2',
      }),
    'body.method',
  ],
  [
    'receipts body: short idempotency key',
    () =>
      director.post('/api/v1/receipts', {
        installmentId: '00000000-0000-4000-8000-000000000000',
        amountCents: 1,
        receivedOn: '2026-11-01',
        method: 'cash',
        idempotencyKey: 'x',
      }),
    'body.idempotencyKey',
  ],
  [
    'invoices body: bad issue date',
    () =>
      director.post('/api/v1/invoices', {
        contractId: '00000000-0000-4000-8000-000000000000',
        number: 'F1',
        issuedOn: '2026-02-30',
        amountCents: 1,
      }),
    'body.issuedOn',
  ],
  [
    'credit limit: negative',
    () => director.put('/api/v1/customers/00000000-0000-4000-8000-000000000000/credit-limit', { creditLimitCents: -1 }),
    'body.creditLimitCents',
  ],
  ['aging query: unknown group', () => director.get('/api/v1/receivables/aging?groupBy=region'), 'querystring.groupBy'],
  [
    'receivables settings: threshold 0',
    () => director.put('/api/v1/receivables/settings', { overdueWarningDays: [0] }),
    'body.overdueWarningDays.0',
  ],
  [
    'contracts body: missing title',
    () => director.post('/api/v1/contracts', { customerId: '00000000-0000-4000-8000-000000000000', amountCents: 100 }),
    'body.title',
  ],
  [
    'contracts body: fractional cents',
    () => director.post('/api/v1/contracts', { customerId: '00000000-0000-4000-8000-000000000000', title: 'x', amountCents: 1.5 }),
    'body.amountCents',
  ],
  [
    'contracts body: bad end date',
    () =>
      director.post('/api/v1/contracts', {
        customerId: '00000000-0000-4000-8000-000000000000',
        title: 'x',
        amountCents: 100,
        endsOn: '2026-02-30',
      }),
    'body.endsOn',
  ],
  [
    'contracts plan: empty',
    () => director.put('/api/v1/contracts/00000000-0000-4000-8000-000000000000/plan', { version: 1, installments: [] }),
    'body.installments',
  ],
  [
    'contracts plan: zero installment',
    () =>
      director.put('/api/v1/contracts/00000000-0000-4000-8000-000000000000/plan', {
        version: 1,
        installments: [{ dueOn: '2026-01-01', amountCents: 0 }],
      }),
    'body.installments.0.amountCents',
  ],
  [
    'contracts status: unknown target',
    () => director.post('/api/v1/contracts/00000000-0000-4000-8000-000000000000/status', { version: 1, status: 'signed' }),
    'body.status',
  ],
  ['contracts query: unknown status', () => director.get('/api/v1/contracts?status=lost'), 'querystring.status'],
  ['contracts export: unknown format', () => director.get('/api/v1/contracts/export?format=pdf'), 'querystring.format'],
  [
    'contract settings: pattern without counter',
    () => admin.put('/api/v1/contract-settings', { numberPattern: 'HT-{YYYY}', renewalReminderDays: 30 }),
    'body.numberPattern',
  ],
  [
    'orders body: neither contract nor customer',
    () => director.post('/api/v1/orders', { lines: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] }),
    'body.contractId',
  ],
  [
    'orders body: direct order without lines',
    () => director.post('/api/v1/orders', { customerId: '00000000-0000-4000-8000-000000000000' }),
    'body.lines',
  ],
  [
    'orders status: unknown status',
    () => director.post('/api/v1/orders/00000000-0000-4000-8000-000000000000/status', { version: 1, status: 'lost' }),
    'body.status',
  ],
  [
    'order settings: negative ceiling',
    () => admin.put('/api/v1/order-settings', { numberPattern: 'DD-{SEQ}', directOrderMaxCents: -1 }),
    'body.directOrderMaxCents',
  ],
  [
    'customer settings: cadence days 0',
    () => admin.put('/api/v1/customer-settings', { cadence: { A: { days: 0, types: ['visit'] } } }),
    'body.cadence.A.days',
  ],
  [
    'products body: negative list price',
    () => director.post('/api/v1/products', { code: 'V-1', name: 'x', listPriceCents: -1, floorPriceCents: 0 }),
    'body.listPriceCents',
  ],
  [
    'products body: code with spaces',
    () => director.post('/api/v1/products', { code: 'a b', name: 'x', listPriceCents: 1, floorPriceCents: 0 }),
    'body.code',
  ],
  ['products query: unknown sort', () => director.get('/api/v1/products?sort=floor'), 'querystring.sort'],
  [
    'promotions body: unknown kind',
    () => director.post('/api/v1/promotions', { name: 'x', kind: 'flash', startsOn: '2026-01-01', endsOn: '2026-01-02', percentOffBp: 10 }),
    'body.kind',
  ],
  [
    'promotions body: over 100 %',
    () =>
      director.post('/api/v1/promotions', {
        name: 'x',
        kind: 'seasonal',
        startsOn: '2026-01-01',
        endsOn: '2026-01-02',
        percentOffBp: 10_001,
      }),
    'body.percentOffBp',
  ],
  [
    'price lists body: bad date',
    () => director.post('/api/v1/price-lists', { code: 'V-2', name: 'x', validFrom: '2026-02-30' }),
    'body.validFrom',
  ],
  [
    'quotes body: no lines',
    () => director.post('/api/v1/quotes', { customerId: '00000000-0000-4000-8000-000000000000', lines: [] }),
    'body.lines',
  ],
  [
    'quotes body: quantity 0',
    () =>
      director.post('/api/v1/quotes', {
        customerId: '00000000-0000-4000-8000-000000000000',
        lines: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 0 }],
      }),
    'body.lines.0.quantity',
  ],
  [
    'quotes body: negative discount',
    () =>
      director.post('/api/v1/quotes', {
        customerId: '00000000-0000-4000-8000-000000000000',
        lines: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }],
        totalDiscountCents: -5,
      }),
    'body.totalDiscountCents',
  ],
  [
    'quotes body: unknown customer',
    () =>
      director.post('/api/v1/quotes', {
        customerId: '00000000-0000-4000-8000-000000000000',
        lines: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }],
      }),
    'body.customerId',
  ],
  ['quotes query: unknown status', () => director.get('/api/v1/quotes?status=won'), 'querystring.status'],
  [
    'quotes settings: pattern without a counter',
    () => admin.put('/api/v1/quotes/settings', { numberPattern: 'BJ-{YYYY}', validityDays: 30, defaultTerms: '' }),
    'body.numberPattern',
  ],
  ['opportunities body: empty name', () => director.post('/api/v1/opportunities', { name: ' ', customerId: ZERO }), 'body.name'],
  [
    'opportunities body: customer not a uuid',
    () => director.post('/api/v1/opportunities', { name: 'x', customerId: 'acme' }),
    'body.customerId',
  ],
  [
    'opportunities body: unknown stage',
    () => director.post('/api/v1/opportunities', { name: 'x', customerId: ZERO, stage: 'closing' }),
    'body.stage',
  ],
  [
    'opportunities body: negative amount',
    () => director.post('/api/v1/opportunities', { name: 'x', customerId: ZERO, amountCents: -1 }),
    'body.amountCents',
  ],
  [
    'opportunities body: fractional cents',
    () => director.post('/api/v1/opportunities', { name: 'x', customerId: ZERO, amountCents: 1.5 }),
    'body.amountCents',
  ],
  [
    'opportunities body: probability over 100',
    () => director.post('/api/v1/opportunities', { name: 'x', customerId: ZERO, probability: 101 }),
    'body.probability',
  ],
  [
    'opportunities body: bad close date',
    () => director.post('/api/v1/opportunities', { name: 'x', customerId: ZERO, expectedCloseOn: '2026-02-30x' }),
    'body.expectedCloseOn',
  ],
  [
    'opportunities body: a product twice',
    () =>
      director.post('/api/v1/opportunities', {
        name: 'x',
        customerId: ZERO,
        products: [
          { productId: ZERO, quantity: 1, amountCents: 1 },
          { productId: ZERO, quantity: 2, amountCents: 2 },
        ],
      }),
    'body.products.1.productId',
  ],
  [
    'opportunities body: product quantity 0',
    () =>
      director.post('/api/v1/opportunities', { name: 'x', customerId: ZERO, products: [{ productId: ZERO, quantity: 0, amountCents: 1 }] }),
    'body.products.0.quantity',
  ],
  [
    'opportunities body: unknown customer',
    () => director.post('/api/v1/opportunities', { name: 'x', customerId: ZERO }),
    'body.customerId',
  ],
  ['opportunities body: edit without version', () => director.patch(`/api/v1/opportunities/${ZERO}`, { name: 'x' }), 'body.version'],
  [
    'opportunities body: move to an unknown stage',
    () => director.patch(`/api/v1/opportunities/${ZERO}/move`, { stage: 'x', version: 1 }),
    'body.stage',
  ],
  [
    'opportunities body: move before a non-uuid',
    () => director.patch(`/api/v1/opportunities/${ZERO}/move`, { stage: 'lead', beforeId: 'top', version: 1 }),
    'body.beforeId',
  ],
  ['opportunities query: unknown sort', () => director.get('/api/v1/opportunities?sort=owner'), 'querystring.sort'],
  [
    'opportunities query: amount range upside down',
    () => director.get('/api/v1/opportunities?amountMin=100&amountMax=1'),
    'querystring.amountMax',
  ],
  [
    'opportunities query: close range upside down',
    () => director.get('/api/v1/opportunities?closeFrom=2026-05-01&closeTo=2026-04-01'),
    'querystring.closeTo',
  ],
  ['opportunities query: bad close month', () => director.get('/api/v1/opportunities/board?closeMonth=2026-13'), 'querystring.closeMonth'],
  ['opportunities query: board limit 0', () => director.get('/api/v1/opportunities/board?limit=0'), 'querystring.limit'],
  [
    'opportunities query: funnel to before from',
    () => director.get('/api/v1/opportunities/funnel?from=2026-05-01&to=2026-04-01'),
    'querystring.to',
  ],
  ['opportunities query: forecast 13 months', () => director.get('/api/v1/opportunities/forecast?months=13'), 'querystring.months'],
  ['opportunities query: forecast by region', () => director.get('/api/v1/opportunities/forecast?groupBy=region'), 'querystring.groupBy'],
  [
    'opportunity settings: probability over 100',
    () =>
      admin.put('/api/v1/opportunity-settings', {
        ...OPPORTUNITY_SETTINGS,
        probabilities: { ...OPPORTUNITY_SETTINGS.probabilities, lead: 120 },
      }),
    'body.probabilities.lead',
  ],
  [
    'opportunity settings: lost reason code twice',
    () =>
      admin.put('/api/v1/opportunity-settings', {
        ...OPPORTUNITY_SETTINGS,
        lostReasons: [
          { code: 'price', zh: '价格', en: 'Price' },
          { code: 'price', zh: '价', en: 'P' },
        ],
      }),
    'body.lostReasons.1.code',
  ],
  [
    'opportunity settings: unknown gate requirement',
    () =>
      admin.put('/api/v1/opportunity-settings', { ...OPPORTUNITY_SETTINGS, gates: { ...OPPORTUNITY_SETTINGS.gates, won: ['signature'] } }),
    'body.gates.won.0',
  ],
  // Issue 14 item 8: NUL, controls and unpaired surrogates are refused in validation, once for every string.
  ['customers export: NUL in q', () => director.get('/api/v1/customers/export?q=%00'), 'querystring.q'],
  ['customers export: NUL in tag', () => director.get('/api/v1/customers/export?tag=%00'), 'querystring.tag'],
  ['contracts export: NUL in q', () => director.get('/api/v1/contracts/export?q=%00'), 'querystring.q'],
  ['receipts export: NUL in q', () => director.get('/api/v1/receipts/export?q=%00'), 'querystring.q'],
  ['customers list: NUL in q', () => director.get('/api/v1/customers?q=a%00b'), 'querystring.q'],
  ['audit: NUL in entity', () => admin.get('/api/v1/audit?entity=%00'), 'querystring.entity'],
  ['customers body: NUL in name', () => director.post('/api/v1/customers', { kind: 'person', name: 'a\u0000b' }), 'body.name'],
  [
    'customers body: unpaired surrogate in name',
    () => director.post('/api/v1/customers', { kind: 'person', name: 'a\uD800b' }),
    'body.name',
  ],
  [
    'customers body: control character in name',
    () => director.post('/api/v1/customers', { kind: 'person', name: 'a\u0007b' }),
    'body.name',
  ],
  ['customers body: line break in name', () => director.post('/api/v1/customers', { kind: 'person', name: 'a\nb' }), 'body.name'],
  [
    'customers body: NUL deep in contacts',
    () => director.post('/api/v1/customers', { kind: 'organization', name: 'x', contacts: [{ name: 'ok', title: 'a\u0000' }] }),
    'body.contacts.0.title',
  ],
  [
    'settings body: NUL in confidentiality text',
    () => admin.patch('/api/v1/settings', { confidentialityText: 'x\u0000' }),
    'body.confidentialityText',
  ],
  // Item 12 and the audit-retention floor of item 11.
  ['settings body: unknown time zone', () => admin.patch('/api/v1/settings', { timeZone: 'Mars/Olympus' }), 'body.timeZone'],
  [
    'settings body: audit retention under 5 years',
    () => admin.patch('/api/v1/settings', { auditRetentionYears: 4 }),
    'body.auditRetentionYears',
  ],
  // Item 6 and 13: money, versions, dates and query booleans bounded by the shared types.
  [
    'credit override: amount beyond 10^13 cents',
    () => director.post('/api/v1/credit-overrides', { customerId: ZERO, amountCents: 9007199254740991, reason: 'x' }),
    'body.amountCents',
  ],
  [
    'contracts body: amount beyond 10^13 cents',
    () => director.post('/api/v1/contracts', { customerId: ZERO, title: 'x', amountCents: 10_000_000_000_001 }),
    'body.amountCents',
  ],
  [
    'users body: version above int4',
    () => admin.patch(`/api/v1/users/${ZERO}`, { version: 2_147_483_648, displayName: 'x' }),
    'body.version',
  ],
  [
    'contracts body: year 0000',
    () => director.post('/api/v1/contracts', { customerId: ZERO, title: 'x', amountCents: 100, endsOn: '0000-01-01' }),
    'body.endsOn',
  ],
  [
    'interactions body: year 0000',
    () => director.post(`/api/v1/customers/${ZERO}/interactions`, { type: 'call', occurredAt: '0000-01-01T00:00:00Z' }),
    'body.occurredAt',
  ],
  ['notifications query: unread not a boolean', () => director.get('/api/v1/notifications?unread=maybe'), 'querystring.unread'],
  // Found by the route fuzz (route-fuzz.test.ts), each a 500 or a 400 without a field before.
  ['fuzz: a path that is not valid percent-encoding', () => director.get('/api/v1/customers/%ED%A0%80'), 'params'],
  [
    'fuzz: claim with a version above int4',
    () => admin.post(`/api/v1/customers/${ZERO}/claim`, { version: 2_147_483_648 }),
    'body.version',
  ],
  [
    'fuzz: collections from year 0000',
    () => director.get('/api/v1/receivables/collections?from=0000-01-01&to=2026-12-31'),
    'querystring.from',
  ],
  ['fuzz: promotions on year 0000', () => director.get('/api/v1/promotions?on=0000-01-01'), 'querystring.on'],
  [
    'fuzz: price list valid to year 0000',
    () => director.post('/api/v1/price-lists', { code: 'V-9', name: 'x', validTo: '0000-01-01' }),
    'body.validTo',
  ],
  [
    'fuzz: NUL in a product category name',
    () => director.post('/api/v1/product-categories', { lineId: ZERO, name: 'a\u0000b' }),
    'body.name',
  ],
  ['fuzz: NUL in the users search', () => admin.get('/api/v1/users?q=%00'), 'querystring.q'],
  ['fuzz: NUL in the product options search', () => director.get('/api/v1/opportunities/product-options?q=%00'), 'querystring.q'],
];

describe('400 naming the field, nothing written', () => {
  it.each(cases)('%s', async (_name, attempt, field) => {
    const before = await t.snapshot();
    const response = await attempt();
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
    expect(await t.snapshot()).toBe(before);
  });
  it('a delete whose ?version= is above int4 is a 400 on querystring.version (not a 500 from SQL)', async () => {
    const list = await director.post('/api/v1/price-lists', { code: 'V-INT4', name: 'int4' });
    expect(list.statusCode).toBe(201);
    const response = await director.delete(`/api/v1/price-lists/${list.json().id}?version=2147483648`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('querystring.version');
  });
  it('malformed JSON is a 400 on the body', async () => {
    const before = await t.snapshot();
    const response = await admin.request({
      method: 'POST',
      url: '/api/v1/users',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(response.statusCode).toBe(400);
    expect(await t.snapshot()).toBe(before);
  });
  it('an unknown route is a JSON 404', async () => {
    const response = await admin.get('/api/v1/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
