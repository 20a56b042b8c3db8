import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import { matchUnmasked } from '../access/masking.js';
import { containsPattern } from '../db/like.js';
import type { Ctx } from '../context.js';

/**
 * Global search, recent items and favourites (issue 16, capabilities 1 and 6) as one shared
 * mechanism: a module declares in its manifest (`searchables`) which of its records can be found,
 * by which fields, within which read scope; the platform builds the SQL, the routes and the header.
 */

/** A searched field, declared by its kind; the kind decides which queries it answers and how. */
export type SearchField =
  | { readonly kind: 'text'; readonly column: SQLWrapper; readonly bigrams: boolean }
  | { readonly kind: 'code'; readonly column: SQLWrapper }
  | { readonly kind: 'phone'; readonly column: SQLWrapper; readonly ownerId: SQLWrapper };

export const searchField = {
  /** A name or title, Chinese substrings included: `bigrams` when the column has the xg_bigrams index (2-character queries). */
  text: (column: SQLWrapper, { bigrams = true } = {}): SearchField => ({ kind: 'text', column, bigrams }),
  /** A number or code (HT-2026-000123, SKU-12): answers only Latin letters, digits and dashes, 3 or more. */
  code: (column: SQLWrapper): SearchField => ({ kind: 'code', column }),
  /** A maskable phone (R-SEC-1): matches only where the caller sees it unmasked, i.e. `ownerId`'s reporting line. */
  phone: (column: SQLWrapper, ownerId: SQLWrapper): SearchField => ({ kind: 'phone', column, ownerId }),
};

export interface SearchableDefinition {
  /** The record type, as the web module names it (`customer` opens /customers/:id). */
  readonly type: string;
  /** Whether users may pin these records as favourites. */
  readonly favourite?: boolean;
  /** Whether the actor may read such records at all (no query is sent otherwise). */
  can(actor: Actor): boolean;
  /** The FROM clause: a table, or a table with its joins. */
  readonly from: SQL;
  readonly id: SQLWrapper;
  readonly title: SQLWrapper;
  /** The title in English, where the record has one (a product's English name): an en-US reader sees it (issue 16). */
  readonly titleEn?: SQLWrapper;
  readonly subtitle?: SQLWrapper;
  /** When a hit opens another record (a contact opens its customer): that record's type and id. */
  readonly target?: { readonly type: string; readonly id: SQLWrapper };
  /** The caller's read scope as a row predicate (R-SEC-1): the same one the module's list uses. */
  scope(ctx: Ctx): SQL;
  readonly fields: readonly SearchField[];
}

export type Searchable = SearchableDefinition;

export function defineSearchable(definition: SearchableDefinition): Searchable {
  return definition;
}

/** R-SRCH-1: which fields a query can match, and how; null when it matches none (too short, wrong shape). */
export function matchQuery(actor: Actor, fields: readonly SearchField[], q: string): SQL | null {
  const term = q.trim();
  const chars = [...term].length;
  const parts: SQL[] = [];
  const phoneLike = /^[\d\s+()-]+$/.test(term);
  const digits = term.replace(/\D/g, '');
  for (const field of fields) {
    if (field.kind === 'text') {
      if (chars < 2) continue;
      // pg_trgm cannot serve a 2-character ILIKE; the bigram index (migration 0009) answers it exactly.
      if (chars === 2 && field.bigrams) parts.push(sql`xg_bigrams(${field.column}) @> array[lower(${term})]`);
      else parts.push(sql`${field.column} ilike ${containsPattern(term)}`);
    } else if (field.kind === 'code') {
      if (/^[0-9A-Za-z-]{3,}$/.test(term)) parts.push(sql`${field.column} ilike ${containsPattern(term)}`);
    } else if (phoneLike && digits.length >= 3) {
      // R-SEC-1: a masked phone never matches, so its digits cannot be guessed one by one.
      parts.push(matchUnmasked(actor, field.ownerId, sql`${field.column} ilike ${containsPattern(digits)}`));
    }
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
}

/** The columns every hit query selects, in the order the services read them. */
function hitColumns(searchable: Searchable): SQL {
  const subtitle = searchable.subtitle ? sql`${searchable.subtitle}::text` : sql`null::text`;
  const targetType = searchable.target ? sql`${searchable.target.type}::text` : sql`null::text`;
  const targetId = searchable.target ? sql`${searchable.target.id}::uuid` : sql`null::uuid`;
  const titleEn = searchable.titleEn ? sql`${searchable.titleEn}::text` : sql`null::text`;
  return sql`${searchable.type}::text as type, ${searchable.id} as id, ${searchable.title}::text as title, ${subtitle} as subtitle, ${targetType} as target_type, ${targetId} as target_id, ${titleEn} as title_en`;
}

/** How many matches of one type are ranked before the best `limit` are kept (any order: the first found). */
const CANDIDATES = 50;

/**
 * One type's branch of the search: its first matches in the caller's scope, ranked (title starts
 * with the query, then shorter titles), at most `limit`. Null when the query matches none of its fields.
 */
export function searchBranch(ctx: Ctx, searchable: Searchable, q: string, limit: number): SQL | null {
  const match = matchQuery(ctx.actor, searchable.fields, q);
  if (!match) return null;
  const prefix = `${q
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`(select * from (select ${hitColumns(searchable)} from ${searchable.from} where ${searchable.scope(ctx)} and ${match} limit ${CANDIDATES}) candidates
    order by (lower(title) like ${prefix}) desc, char_length(title), title limit ${limit})`;
}

/** The records among `ids` the caller may see now, in one query per type. */
export function lookupQuery(ctx: Ctx, searchable: Searchable, ids: readonly string[]): SQL {
  return sql`select ${hitColumns(searchable)} from ${searchable.from} where ${searchable.scope(ctx)} and ${searchable.id} = any(${sql.param([...ids])}::uuid[])`;
}

const registry = new Map<string, Searchable>();

/** registerModules fills it from the manifests, in module order (the order of the result groups). */
export function registerSearchables(searchables: readonly Searchable[]): void {
  registry.clear();
  for (const searchable of searchables) {
    if (registry.has(searchable.type)) throw new Error(`searchable type ${searchable.type} is declared twice`);
    registry.set(searchable.type, searchable);
  }
}

export function searchables(): Searchable[] {
  return [...registry.values()];
}

export function searchableOf(type: string): Searchable | undefined {
  return registry.get(type);
}
