import { z } from 'zod';
import { versionSchema } from './common.js';

/** Which list a view belongs to: the list's route name, `customers`, `opportunities`, `customers.pool` … */
export const listKeySchema = z.string().regex(/^[a-z][a-zA-Z0-9.-]{0,63}$/, 'a list key: lower-case letters, digits, dots and dashes');

/**
 * What a saved view restores: the list's URL filters (as the list writes them into its URL, so every
 * list keeps its own parameters), the sort, the visible columns in order and their widths in pixels.
 */
export const savedViewStateSchema = z.object({
  filters: z.record(z.string().max(64), z.string().max(500)).refine((filters) => Object.keys(filters).length <= 40, 'at most 40 filters'),
  sort: z.string().max(64).nullable().default(null),
  columns: z.array(z.string().min(1).max(64)).max(60).nullable().default(null),
  widths: z
    .record(z.string().max(64), z.number().int().min(40).max(2000))
    .refine((widths) => Object.keys(widths).length <= 60, 'at most 60 widths')
    .default({}),
});
export type SavedViewState = z.infer<typeof savedViewStateSchema>;

export const savedViewSchema = z.object({
  id: z.uuid(),
  listKey: z.string(),
  name: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  /** Shared with this org unit (and the units under it); null = personal. */
  orgUnitId: z.uuid().nullable(),
  orgUnitName: z.string().nullable(),
  state: savedViewStateSchema,
  /** The caller's default view for this list. */
  isDefault: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
  abilities: z.object({ update: z.boolean(), delete: z.boolean() }),
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const savedViewListQuerySchema = z.object({ listKey: listKeySchema });

export const savedViewCreateSchema = z.object({
  listKey: listKeySchema,
  name: z.string().trim().min(1).max(80),
  orgUnitId: z.uuid().nullable().default(null),
  state: savedViewStateSchema,
  makeDefault: z.boolean().default(false),
});
export type SavedViewCreate = z.infer<typeof savedViewCreateSchema>;

export const savedViewUpdateSchema = z.object({
  version: versionSchema,
  name: z.string().trim().min(1).max(80).optional(),
  orgUnitId: z.uuid().nullable().optional(),
  state: savedViewStateSchema.optional(),
});
export type SavedViewUpdate = z.infer<typeof savedViewUpdateSchema>;

/** Makes a view the caller's default for its list, or (view null) goes back to the list's own default. */
export const savedViewDefaultSchema = z.object({ listKey: listKeySchema, viewId: z.uuid().nullable() });
