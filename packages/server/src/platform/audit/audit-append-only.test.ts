import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { recordAudit } from './audit.js';

/**
 * 002 内部控制: the trail is append-only in the database, not only in the code. The app's role (the
 * harness's `t.db`, as in production) is no superuser and owns nothing, so none of the ways around
 * the triggers is open to it, and the database stamps each row's time and actor.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const refused = { cause: { code: '42501' } };

describe('the audit trail, as the app’s database role', () => {
  it('runs as a role that is no superuser and owns no table', async () => {
    const [me] = (
      await t.db.execute<{ superuser: boolean; owned: number }>(sql`
      select rolsuper as superuser, (select count(*)::int from pg_tables where tableowner = current_user) as owned
        from pg_roles where rolname = current_user`)
    ).rows;
    expect(me).toEqual({ superuser: false, owned: 0 });
  });

  it('may not switch triggers off: session_replication_role and ALTER TABLE … DISABLE TRIGGER are refused', async () => {
    await expect(t.db.execute(sql`set session_replication_role = replica`)).rejects.toMatchObject(refused);
    await expect(t.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`)).rejects.toMatchObject(refused);
    await expect(t.db.execute(sql`alter table audit_log disable trigger all`)).rejects.toMatchObject(refused);
    await expect(t.db.execute(sql`drop trigger audit_log_stamp on audit_log`)).rejects.toMatchObject(refused);
  });

  it('may not update, delete or truncate audit rows', async () => {
    const [{ n: before }] = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log`)).rows as [{ n: number }];
    await expect(t.db.execute(sql`update audit_log set summary = 'rewritten'`)).rejects.toMatchObject(refused);
    await expect(t.db.execute(sql`delete from audit_log`)).rejects.toMatchObject(refused);
    await expect(t.db.execute(sql`truncate audit_log`)).rejects.toMatchObject(refused);
    await expect(t.db.execute(sql`select purge_audit_log(0)`)).rejects.toMatchObject(refused);
    await expect(t.db.execute(sql`select purge_audit_log(4)`)).rejects.toMatchObject(refused);
    const [{ n: after }] = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log`)).rows as [{ n: number }];
    expect(after).toBe(before);
  });

  it('a back-dated row naming another actor is stamped with the time of its transaction and the actor of the session', async () => {
    const forged = await t.db.execute<{ at: string; actor_id: string | null; actor_name: string | null; now: string }>(sql`
      insert into audit_log (at, actor_id, actor_name, action, entity, summary)
      values ('2001-01-01T00:00:00Z', ${t.ids.director}, '总监', 'update', 'forged', 'back-dated')
      returning at::text, actor_id, actor_name, now()::text as now`);
    expect(forged.rows[0]).toMatchObject({ actor_id: null, actor_name: null });
    expect(forged.rows[0]!.at).toBe(forged.rows[0]!.now);

    // Inside a unit of work acting as the admin, a row naming the director is the admin's.
    const admin = await t.ctxAs('admin');
    const rows = await t.db.transaction(async (tx) => {
      await recordAudit(tx, { actor: admin.actor }, { action: 'update', entity: 'forged', summary: 'genuine' });
      await tx.execute(sql`insert into audit_log (at, actor_id, actor_name, action, entity, summary)
        values (now() - interval '10 years', ${t.ids.director}, '总监', 'update', 'forged', 'in the same unit')`);
      return (
        await tx.execute<{ summary: string; actor_id: string; actor_name: string; recent: boolean }>(sql`
        select summary, actor_id, actor_name, at >= now() as recent from audit_log where entity = 'forged' and summary <> 'back-dated' order by id`)
      ).rows;
    });
    expect(rows).toEqual([
      { summary: 'genuine', actor_id: t.ids.admin, actor_name: admin.actor.displayName, recent: true },
      { summary: 'in the same unit', actor_id: t.ids.admin, actor_name: admin.actor.displayName, recent: true },
    ]);
  });

  it('keeps at least 5 years whatever the retention setting says', async () => {
    await t.ownerDb.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_stamp`);
      await tx.execute(sql`insert into audit_log (at, action, entity, summary) values
        (now() - interval '6 years', 'update', 'aged', 'six'), (now() - interval '3 years', 'update', 'aged', 'three')`);
      await tx.execute(sql`alter table audit_log enable trigger audit_log_stamp`);
      await tx.execute(
        sql`insert into settings (key, value) values ('auditRetentionYears', '0'::jsonb) on conflict (key) do update set value = excluded.value`,
      );
    });
    // Even the owner cannot delete a row younger than 5 years; the purge takes the 6-year-old one.
    await expect(t.ownerDb.execute(sql`delete from audit_log where entity = 'aged'`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/append-only/) },
    });
    const purged = await t.db.execute<{ removed: number }>(sql`select purge_audit_log(5) as removed`);
    expect(purged.rows[0]!.removed).toBe(1);
    const left = await t.db.execute<{ summary: string }>(sql`select summary from audit_log where entity = 'aged'`);
    expect(left.rows).toEqual([{ summary: 'three' }]);
  });
});
