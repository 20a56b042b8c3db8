import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SavedView, SavedViewCreate, SavedViewState, SavedViewUpdate } from '@xiaoguan/shared';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { iso } from '../db/client.js';
import { hasRole, type Actor } from '../access/actor.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { diffChanges } from '../audit/audit.js';
import { staleVersion } from '../audit/stale-version.js';
import { orgUnits } from '../identity/index.js';
import { savedViewDefaults, savedViews } from './views.schema.js';

/**
 * Saved list views. Who sees and edits one:
 * - a personal view (no org unit): its owner only;
 * - a view shared with an org unit: everyone in that unit or under it sees it; its creator and the
 *   unit's managers (a director, manager or supervisor whose own unit contains it) edit and delete it.
 * A view may be shared with a unit the caller belongs to, or one they manage.
 */
const MANAGING_ROLES = ['director', 'manager', 'supervisor'] as const;

export function managesUnits(actor: Actor): boolean {
  return hasRole(actor, ...MANAGING_ROLES) && actor.orgUnitPath !== null;
}

/** The caller's unit is the shared unit or under it (unit path is a prefix of theirs). */
function memberOf(actor: Actor, unitPath: SQL): SQL {
  return actor.orgUnitPath ? sql`(${actor.orgUnitPath} like ${unitPath} || '%')` : sql`false`;
}

/** The shared unit is the caller's unit or under it, and the caller has a managing role. */
function manages(actor: Actor, unitPath: SQL): SQL {
  return managesUnits(actor) ? sql`(${unitPath} like ${actor.orgUnitPath} || '%')` : sql`false`;
}

const unitPath = sql`${orgUnits.path}`;

function visible(actor: Actor): SQL {
  return sql`(${savedViews.ownerId} = ${actor.id} or (${savedViews.orgUnitId} is not null and (${memberOf(actor, unitPath)} or ${manages(actor, unitPath)})))`;
}

function editable(actor: Actor): SQL {
  return sql`(${savedViews.ownerId} = ${actor.id} or (${savedViews.orgUnitId} is not null and ${manages(actor, unitPath)}))`;
}

async function selectViews(ctx: Ctx, executor: Executor, where: SQL): Promise<SavedView[]> {
  const rows = await executor
    .select({
      id: savedViews.id,
      listKey: savedViews.listKey,
      name: savedViews.name,
      ownerId: savedViews.ownerId,
      ownerName: sql<string>`(select display_name from users where users.id = ${savedViews.ownerId})`,
      orgUnitId: savedViews.orgUnitId,
      orgUnitName: orgUnits.name,
      state: savedViews.state,
      isDefault: sql<boolean>`exists (select 1 from saved_view_defaults d where d.view_id = ${savedViews.id} and d.user_id = ${ctx.actor.id})`,
      version: savedViews.version,
      updatedAt: savedViews.updatedAt,
      canEdit: sql<boolean>`${editable(ctx.actor)}`,
    })
    .from(savedViews)
    .leftJoin(orgUnits, eq(orgUnits.id, savedViews.orgUnitId))
    .where(and(visible(ctx.actor), where))
    .orderBy(sql`${savedViews.orgUnitId} is not null`, savedViews.name);
  return rows.map(({ canEdit, updatedAt, ...row }) => ({
    ...row,
    updatedAt: iso(updatedAt)!,
    abilities: { update: canEdit, delete: canEdit },
  }));
}

/** The caller's views of a list: their own first, then those shared with their teams, each with its abilities. */
export function listViews(ctx: Ctx, listKey: string): Promise<SavedView[]> {
  return selectViews(ctx, ctx.db, eq(savedViews.listKey, listKey));
}

async function loadView(ctx: Ctx, executor: Executor, id: string): Promise<SavedView> {
  const [view] = await selectViews(ctx, executor, eq(savedViews.id, id));
  if (!view) throw notFound('view');
  return view;
}

/** A unit the caller may share with: one they belong to, or one they manage; 400 naming the field otherwise. */
async function checkShareUnit(ctx: Ctx, executor: Executor, orgUnitId: string | null): Promise<void> {
  if (orgUnitId === null) return;
  const [unit] = await executor.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, orgUnitId));
  const path = unit?.path;
  const member = path !== undefined && ctx.actor.orgUnitPath !== null && ctx.actor.orgUnitPath.startsWith(path);
  const manager = path !== undefined && managesUnits(ctx.actor) && path.startsWith(ctx.actor.orgUnitPath!);
  if (!member && !manager) throw badRequest('body.orgUnitId', 'you can share a view only with your own team or a unit you manage');
}

async function setDefault(ctx: Ctx, executor: Executor, listKey: string, viewId: string | null): Promise<void> {
  await executor.delete(savedViewDefaults).where(and(eq(savedViewDefaults.userId, ctx.actor.id), eq(savedViewDefaults.listKey, listKey)));
  if (viewId) await executor.insert(savedViewDefaults).values({ userId: ctx.actor.id, listKey, viewId });
}

/** Saves a view (personal or shared), optionally as the caller's default for its list; audited. */
export async function createView(ctx: Ctx, input: SavedViewCreate): Promise<SavedView> {
  return ctx.db.transaction(async (tx) => {
    await checkShareUnit(ctx, tx, input.orgUnitId);
    const [created] = await tx
      .insert(savedViews)
      .values({
        listKey: input.listKey,
        name: input.name,
        ownerId: ctx.actor.id,
        orgUnitId: input.orgUnitId,
        state: input.state,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    if (input.makeDefault) await setDefault(ctx, tx, input.listKey, created!.id);
    await ctx.audit(tx, {
      action: 'create',
      entity: 'saved_views',
      entityId: created!.id,
      changes: diffChanges(null, { name: input.name, listKey: input.listKey, orgUnitId: input.orgUnitId }),
      summary: input.name,
    });
    return loadView(ctx, tx, created!.id);
  });
}

async function lockEditable(ctx: Ctx, executor: Executor, id: string, version: number | null) {
  const [row] = await executor
    .select({ view: savedViews, canEdit: sql<boolean>`${editable(ctx.actor)}` })
    .from(savedViews)
    .leftJoin(orgUnits, eq(orgUnits.id, savedViews.orgUnitId))
    .where(and(eq(savedViews.id, id), visible(ctx.actor)))
    .for('update', { of: savedViews });
  if (!row) throw notFound('view');
  if (!row.canEdit) throw forbidden('only the view’s creator or a manager of its team may change it');
  if (version !== null && row.view.version !== version) throw await staleVersion(executor, 'saved_views', id);
  return row.view;
}

/** Renames, re-shares or re-saves a view under optimistic locking (409 names who changed it and when). */
export async function updateView(ctx: Ctx, id: string, input: SavedViewUpdate): Promise<SavedView> {
  return ctx.db.transaction(async (tx) => {
    const before = await lockEditable(ctx, tx, id, input.version);
    if (input.orgUnitId !== undefined) await checkShareUnit(ctx, tx, input.orgUnitId);
    const fields: { name?: string; orgUnitId?: string | null; state?: SavedViewState } = {};
    if (input.name !== undefined) fields.name = input.name;
    if (input.orgUnitId !== undefined) fields.orgUnitId = input.orgUnitId;
    if (input.state !== undefined) fields.state = input.state;
    await tx
      .update(savedViews)
      .set({ ...fields, updatedAt: ctx.now, version: sql`${savedViews.version} + 1` })
      .where(eq(savedViews.id, id));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'saved_views',
      entityId: id,
      changes: diffChanges({ name: before.name, orgUnitId: before.orgUnitId, state: before.state }, { ...before, ...fields }),
      summary: fields.name ?? before.name,
    });
    return loadView(ctx, tx, id);
  });
}

/** Deletes a view (everyone's default on it goes with it); audited. */
export async function deleteView(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await lockEditable(ctx, tx, id, null);
    await tx.delete(savedViews).where(eq(savedViews.id, id));
    await ctx.audit(tx, { action: 'delete', entity: 'saved_views', entityId: id, summary: before.name });
  });
}

/** Makes a view the caller already sees their default for its list, or clears the default. */
export async function chooseDefaultView(ctx: Ctx, listKey: string, viewId: string | null): Promise<SavedView[]> {
  await ctx.db.transaction(async (tx) => {
    if (viewId) {
      const view = await loadView(ctx, tx, viewId);
      if (view.listKey !== listKey) throw badRequest('body.viewId', 'the view belongs to another list');
    }
    await setDefault(ctx, tx, listKey, viewId);
  });
  return listViews(ctx, listKey);
}
