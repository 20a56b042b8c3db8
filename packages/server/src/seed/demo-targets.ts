import { sql } from 'drizzle-orm';
import { MONTHS, spreadEvenly, TARGET_METRICS, type LetterTerm, type TargetMetric } from '@xiaoguan/shared';
import type { Executor } from '../platform/db/client.js';
import { loadTargetTree } from '../modules/targets/targets.tree.js';
import { targetAcknowledgements, targetPlans, targetValues } from '../modules/targets/targets.schema.js';

/**
 * Targets demo data (M4): this year's bookings, collections and new-customer targets, decomposed
 * evenly over the months and down to every person with a target (every unit the sum of its
 * children, so R-TGT-1 holds), one version each set by the director. Each person's annual figure is
 * last twelve months' actuals raised by a fifth, rounded, with a floor. Every second person has
 * acknowledged their letter; `rep` has not, so the demo shows the button. Deterministic for a moment.
 */
export async function seedDemoTargets(db: Executor, options: { now?: Date } = {}): Promise<{ plans: number; acknowledged: number }> {
  const now = options.now ?? new Date();
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
  const tree = await loadTargetTree(db);
  const director = (await db.execute<{ id: string }>(sql`select id from users where username = 'director'`)).rows[0];
  if (!tree.rootId || !director) return { plans: 0, acknowledged: 0 };
  const since = new Date(now.getTime() - 365 * 86_400_000);
  const past = await db.execute<{ owner_id: string; bookings: string; collections: string; customers: string }>(sql`
    select u.id as owner_id,
           (select coalesce(sum(c.amount_cents), 0) from contracts c where c.owner_id = u.id and c.signed_on >= ${since.toISOString().slice(0, 10)}::date) as bookings,
           (select coalesce(sum(r.amount_cents), 0) from receipts r join payment_installments i on i.id = r.installment_id
             where i.owner_id = u.id and r.received_on >= ${since.toISOString().slice(0, 10)}::date) as collections,
           (select count(*) from customers cu where cu.owner_id = u.id and cu.created_at >= ${since}) as customers
      from users u`);
  const actual = new Map(past.rows.map((row) => [row.owner_id, row]));
  const annual = (metric: TargetMetric, ownerId: string): number => {
    const row = actual.get(ownerId);
    if (metric === 'newCustomers') return Math.max(12, Math.ceil(Number(row?.customers ?? 0) * 1.2));
    const base = Number(metric === 'bookings' ? (row?.bookings ?? 0) : (row?.collections ?? 0));
    const floor = metric === 'bookings' ? 600_000_00 : 500_000_00;
    return Math.max(floor, Math.ceil((base * 1.2) / 10_000_00) * 10_000_00);
  };
  const children = new Map<string, string[]>();
  for (const node of tree.nodes) if (node.parentId) children.set(node.parentId, [...(children.get(node.parentId) ?? []), node.id]);
  const kinds = new Map(tree.nodes.map((node) => [node.id, node]));
  const people = tree.nodes.filter((node) => node.kind === 'user');
  const terms = new Map<string, LetterTerm[]>();
  for (const metric of TARGET_METRICS) {
    const values = new Map<string, number[]>();
    const fill = (id: string): number[] => {
      const node = kinds.get(id)!;
      const months =
        node.kind === 'user'
          ? spreadEvenly(annual(metric, id))
          : (children.get(id) ?? []).map(fill).reduce((sum, m) => sum.map((v, i) => v + m[i]!), new Array<number>(MONTHS).fill(0));
      values.set(id, months);
      return months;
    };
    fill(tree.rootId);
    const [plan] = await db
      .insert(targetPlans)
      .values({ year, metric, version: 1, createdById: director.id, note: '年度目标' })
      .returning({ id: targetPlans.id });
    const rows = [...values].map(([nodeId, months]) => ({
      planId: plan!.id,
      nodeId,
      nodeKind: kinds.get(nodeId)!.kind,
      parentId: kinds.get(nodeId)!.parentId,
      months,
    }));
    for (let i = 0; i < rows.length; i += 500) await db.insert(targetValues).values(rows.slice(i, i + 500));
    for (const person of people) {
      const months = values.get(person.id)!;
      const target = months.reduce((a, b) => a + b, 0);
      terms.set(person.id, [
        ...(terms.get(person.id) ?? []),
        { metric, version: 1, months, target, stretch: Math.round(target * 1.1), challenge: Math.round(target * 1.2) },
      ]);
    }
  }
  const rep = (await db.execute<{ id: string }>(sql`select id from users where username = 'rep'`)).rows[0]?.id;
  const acknowledging = people.filter((person, index) => index % 2 === 1 && person.id !== rep);
  if (acknowledging.length) {
    await db
      .insert(targetAcknowledgements)
      .values(acknowledging.map((person) => ({ year, userId: person.id, terms: terms.get(person.id)!, acknowledgedAt: now })));
  }
  return { plans: TARGET_METRICS.length, acknowledged: acknowledging.length };
}
