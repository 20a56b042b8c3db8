import type { Key } from 'react';

/**
 * A server-sorted table's columns ⇄ the list's `sort` parameter (the API's `name`, `-amount`, …):
 * column key → [ascending sort, descending sort]. antd's table reports a click on a column header
 * as a sorter (column key + order); the list keeps the sort in its URL and gives each column its
 * `sortOrder` back from it.
 */
export type SortColumns<S extends string> = Readonly<Record<string, readonly [ascending: S, descending: S]>>;

type SortOrder = 'ascend' | 'descend';
interface Sorter {
  columnKey?: Key;
  order?: SortOrder | null;
}

/** Columns whose API sort is the column key itself ascending and `-key` descending. */
export function sortColumns<K extends string>(keys: readonly K[]): SortColumns<K | `-${K}`> {
  return Object.fromEntries(keys.map((key) => [key, [key, `-${key}`] as const]));
}

/** A column's `sortOrder` for antd, from the list's sort. */
export function columnSortOrder<S extends string>(columns: SortColumns<S>, sort: S | undefined, columnKey: string): SortOrder | null {
  const pair = columns[columnKey];
  if (!pair || sort === undefined) return null;
  return sort === pair[0] ? 'ascend' : sort === pair[1] ? 'descend' : null;
}

/** The list's sort from antd's sorter (the first, the tables sort by one column); `fallback` when no known column is sorted. */
export function sortFromSorter<S extends string>(columns: SortColumns<S>, sorter: Sorter | readonly Sorter[], fallback?: S): S | undefined {
  const single: Sorter | undefined = Array.isArray(sorter) ? sorter[0] : (sorter as Sorter);
  const pair = single?.columnKey !== undefined ? columns[String(single.columnKey)] : undefined;
  if (!pair || !single?.order) return fallback;
  return single.order === 'ascend' ? pair[0] : pair[1];
}
