import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { defineAccess } from '../../platform/access/index.js';
import { AppError } from '../../platform/errors.js';
import { resolveOwner } from './resolve-owner.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

// A module whose records reps write for themselves and directors for anyone.
const access = defineAccess('toy', ['write'] as const, { rep: { write: 'own' }, director: { write: 'all' } });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: unknown) => (error instanceof AppError ? `${error.status} ${error.details.field}` : String(error)),
  );

describe('resolveOwner (the owner of a new order or contract)', () => {
  it('takes the one asked for, else the customer’s owner, else the caller — within the write scope', async () => {
    const director = await t.ctxAs('director');
    expect((await resolveOwner(director.db, access, director.actor, t.ids.rep2, t.ids.rep!)).id).toBe(t.ids.rep2);
    expect((await resolveOwner(director.db, access, director.actor, undefined, t.ids.rep!)).id).toBe(t.ids.rep);
    expect((await resolveOwner(director.db, access, director.actor, undefined, null)).id).toBe(t.ids.director);
    // A rep cannot give the customer's owner (someone else) the record: it falls back to the rep.
    const rep = await t.ctxAs('rep');
    expect((await resolveOwner(rep.db, access, rep.actor, undefined, t.ids.rep2!)).id).toBe(t.ids.rep);
  });

  it('400 on body.ownerId for a user outside the scope or unknown', async () => {
    const rep = await t.ctxAs('rep');
    expect(await failure(resolveOwner(rep.db, access, rep.actor, t.ids.rep2, null))).toBe('400 body.ownerId');
    expect(await failure(resolveOwner(rep.db, access, rep.actor, '00000000-0000-4000-8000-000000000000', null))).toBe('400 body.ownerId');
  });
});
