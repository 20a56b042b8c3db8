import { describe, expect, it } from 'vitest';
import { containsPattern, escapeLike } from './like.js';

describe('escapeLike', () => {
  it('matches %, _ and \\ literally', () => {
    expect(escapeLike('50%_off\\now')).toBe('50\\%\\_off\\\\now');
  });
  it('leaves other text, Chinese included, as it is', () => {
    expect(escapeLike('德新 Trading')).toBe('德新 Trading');
  });
  it('containsPattern wraps the escaped text in %', () => {
    expect(containsPattern('a_b')).toBe('%a\\_b%');
  });
});
