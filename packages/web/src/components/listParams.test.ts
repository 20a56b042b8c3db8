import { describe, expect, it } from 'vitest';
import { activeFilterCount, cents, listQuery, matching, oneOf, pageOf, positive, setFilters } from './listParams';

describe('list parameters in the URL', () => {
  it('keeps only values the server accepts', () => {
    expect(oneOf(['open', 'won'] as const, 'won')).toBe('won');
    expect(oneOf(['open', 'won'] as const, 'lost')).toBeUndefined();
    expect(positive('3', 1)).toBe(3);
    expect(positive('-2', 1)).toBe(1);
    expect(positive('2.5', 1)).toBe(1);
    expect(cents('1200')).toBe(1200);
    expect(cents('')).toBeUndefined();
    expect(cents('-1')).toBeUndefined();
    expect(matching(/^\d{4}-\d{2}$/, '2026-03')).toBe('2026-03');
    expect(matching(/^\d{4}-\d{2}$/, '2026-3')).toBeUndefined();
  });

  it('page 1 and 20 a page by default, at most 200 a page', () => {
    expect(pageOf(new URLSearchParams(''))).toEqual({ page: 1, pageSize: 20 });
    expect(pageOf(new URLSearchParams('page=4&pageSize=1000'))).toEqual({ page: 4, pageSize: 200 });
  });

  it('writes only what differs from the defaults', () => {
    expect(listQuery({ page: 1, pageSize: 20, sort: '-updatedAt', q: '', status: undefined, tier: 'A' }, '-updatedAt').toString()).toBe(
      'tier=A',
    );
    expect(listQuery({ page: 3, pageSize: 50, sort: 'name', q: '德新' }, '-updatedAt').toString()).toBe(
      'page=3&pageSize=50&sort=name&q=%E5%BE%B7%E6%96%B0',
    );
  });

  it('counts and picks the filters that are set; the search text is not a filter', () => {
    const params = { q: 'x', tier: 'A', status: undefined, ownerId: 'u1' };
    expect(activeFilterCount(params, ['q', 'tier', 'status', 'ownerId'])).toBe(2);
    expect(setFilters(params, ['q', 'tier', 'status'])).toEqual({ q: 'x', tier: 'A' });
  });
});
