import { sql } from 'drizzle-orm';
import type { TargetNode } from '@xiaoguan/shared';
import type { Actor } from '../../platform/access/index.js';
import type { Executor } from '../../platform/db/client.js';
import { targetsAccess } from './targets.access.js';

/** People who carry a sales target (责任人). */
export const TARGET_ROLES = ['rep', 'key_account', 'channel'] as const;

export interface TargetTree {
  nodes: (TargetNode & { path: string | null })[];
  /** Every active user → the path of their org unit (for summing actuals of units). */
  userUnitPath: Map<string, string>;
  rootId: string | null;
}

/**
 * The decomposition tree as the org is today: the company, every region and team (and any unit
 * holding someone with a target), and the people with a target under their unit. Depth-first, so a
 * parent precedes its children.
 */
export async function loadTargetTree(db: Executor): Promise<TargetTree> {
  const units = await db.execute<{ id: string; parent_id: string | null; name: string; kind: string; path: string }>(
    sql`select id, parent_id, name, kind, path from org_units where not disabled order by path`,
  );
  const people = await db.execute<{ id: string; display_name: string; org_unit_id: string | null; roles: string[]; path: string | null }>(
    sql`select u.id, u.display_name, u.org_unit_id, u.roles, o.path from users u left join org_units o on o.id = u.org_unit_id where not u.disabled order by u.display_name, u.id`,
  );
  const userUnitPath = new Map<string, string>();
  for (const person of people.rows) if (person.path) userUnitPath.set(person.id, person.path);
  const holders = people.rows.filter((p) => p.org_unit_id && p.roles.some((role) => (TARGET_ROLES as readonly string[]).includes(role)));
  const holderPaths = holders.map((p) => p.path ?? '');
  const kept = units.rows.filter(
    (unit) =>
      unit.parent_id === null || unit.kind === 'region' || unit.kind === 'team' || holderPaths.some((path) => path.startsWith(unit.path)),
  );
  const keptIds = new Set(kept.map((unit) => unit.id));
  const children = new Map<string | null, (TargetNode & { path: string | null })[]>();
  const push = (parentId: string | null, node: TargetNode & { path: string | null }) =>
    children.set(parentId, [...(children.get(parentId) ?? []), node]);
  for (const unit of kept) {
    // A unit whose parent is not kept hangs from the nearest kept ancestor.
    const ancestors = unit.path.split('/').filter(Boolean).slice(0, -1).reverse();
    const parentId = ancestors.find((ancestor) => keptIds.has(ancestor)) ?? null;
    push(parentId, { id: unit.id, kind: 'unit', parentId, name: unit.name, depth: 0, path: unit.path });
  }
  for (const person of holders) {
    if (!keptIds.has(person.org_unit_id!)) continue;
    push(person.org_unit_id, {
      id: person.id,
      kind: 'user',
      parentId: person.org_unit_id,
      name: person.display_name,
      depth: 0,
      path: person.path,
    });
  }
  const nodes: TargetTree['nodes'] = [];
  const walk = (parentId: string | null, depth: number) => {
    // People first, then sub-units, each in name order, as the grid shows them.
    const list = [...(children.get(parentId) ?? [])].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'user' ? -1 : 1));
    for (const node of list) {
      nodes.push({ ...node, depth });
      if (node.kind === 'unit') walk(node.id, depth + 1);
    }
  };
  walk(null, 0);
  const rootId = nodes.find((node) => node.parentId === null)?.id ?? null;
  return { nodes, userUnitPath, rootId };
}

/** The part of the tree the actor may read (R-SEC-1): all, the subtree of their unit, or themself. */
export function visibleNodes(tree: TargetTree, actor: Actor): TargetTree['nodes'] {
  const scopes = targetsAccess.scopes(actor, 'read');
  if (scopes.includes('all')) return tree.nodes;
  if (scopes.includes('unit') && actor.orgUnitPath) {
    const under = tree.nodes.filter((node) => node.path?.startsWith(actor.orgUnitPath!));
    const ids = new Set(under.map((node) => node.id));
    return under.map((node) => (node.parentId && ids.has(node.parentId) ? node : { ...node, parentId: null }));
  }
  if (scopes.includes('own'))
    return tree.nodes.filter((node) => node.id === actor.id).map((node) => ({ ...node, parentId: null, depth: 0 }));
  return [];
}

/** The node the actor's figures are measured against: the company, their unit, or themself. */
export function scopeNode(tree: TargetTree, actor: Actor, scope: 'company' | 'unit' | 'self'): TargetTree['nodes'][number] | null {
  if (scope === 'company') return tree.nodes.find((node) => node.id === tree.rootId) ?? null;
  if (scope === 'unit') return tree.nodes.find((node) => node.id === actor.orgUnitId) ?? null;
  return tree.nodes.find((node) => node.id === actor.id) ?? null;
}
