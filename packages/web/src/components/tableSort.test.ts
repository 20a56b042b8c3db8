import { describe, expect, it } from 'vitest';
import { columnSortOrder, sortColumns, sortFromSorter, type SortColumns } from './tableSort';

type Sort = 'name' | '-name' | 'dueAt' | '-dueAt';
const columns: SortColumns<Sort> = { ...sortColumns(['name'] as const), cadence: ['dueAt', '-dueAt'] };

describe('a table sorted on the server: column header ⇄ the list`s sort', () => {
  it('a column shows the order of the list`s sort, by its own key or the API`s name for it', () => {
    expect(columnSortOrder(columns, 'name', 'name')).toBe('ascend');
    expect(columnSortOrder(columns, '-name', 'name')).toBe('descend');
    expect(columnSortOrder(columns, '-dueAt', 'cadence')).toBe('descend');
    expect(columnSortOrder(columns, '-dueAt', 'name')).toBeNull();
    expect(columnSortOrder(columns, undefined, 'name')).toBeNull();
    expect(columnSortOrder(columns, 'name', 'unknown')).toBeNull();
  });

  it('a click on a header gives the list`s sort; cleared or an unknown column gives the fallback', () => {
    expect(sortFromSorter(columns, { columnKey: 'cadence', order: 'ascend' })).toBe('dueAt');
    expect(sortFromSorter(columns, [{ columnKey: 'name', order: 'descend' }])).toBe('-name');
    expect(sortFromSorter(columns, { columnKey: 'name', order: null }, '-dueAt')).toBe('-dueAt');
    expect(sortFromSorter(columns, { columnKey: 'owner', order: 'ascend' })).toBeUndefined();
    expect(sortFromSorter(columns, {})).toBeUndefined();
  });
});
