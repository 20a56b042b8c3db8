import { describe, expect, it } from 'vitest';
import { backTarget } from './back-target';

/** Issue 16: the opportunity page always said "back to board", even when opened from the list. */
describe('opportunity page back link', () => {
  it('returns to the list with its filters when opened from the list', () => {
    expect(backTarget({ from: '/opportunities/list?stage=solution&page=2' })).toEqual({
      to: '/opportunities/list?stage=solution&page=2',
      label: 'list',
    });
  });
  it('returns to the board or to the customer it was opened from', () => {
    expect(backTarget({ from: '/opportunities?ownerId=x' })).toEqual({ to: '/opportunities?ownerId=x', label: 'board' });
    expect(backTarget({ from: '/customers/0f6a?tab=opportunities' })).toEqual({
      to: '/customers/0f6a?tab=opportunities',
      label: 'customer',
    });
  });
  it('a direct visit or a foreign address goes to the board', () => {
    expect(backTarget(null)).toEqual({ to: '/opportunities', label: 'board' });
    expect(backTarget({ from: '//evil.example/x' })).toEqual({ to: '/opportunities', label: 'board' });
  });
});
