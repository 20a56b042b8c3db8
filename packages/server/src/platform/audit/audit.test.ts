import { describe, expect, it } from 'vitest';
import { diffChanges } from './audit.js';

describe('audit diff', () => {
  it('records only changed fields as [before, after]', () => {
    expect(diffChanges({ name: 'a', phone: '1', version: 1 }, { name: 'b', phone: '1', version: 2 })).toEqual({ name: ['a', 'b'] });
  });
  it('never writes secrets to the trail', () => {
    expect(diffChanges({ passwordHash: 'x' }, { passwordHash: 'y' })).toEqual({ passwordHash: ['***', '***'] });
  });
  it('a create is a diff from nothing; dates become ISO strings', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    expect(diffChanges(null, { name: 'n', at })).toEqual({ name: [null, 'n'], at: [null, '2026-01-02T03:04:05.000Z'] });
  });
});
