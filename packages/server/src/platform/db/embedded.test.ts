import { describe, expect, it } from 'vitest';
import { sharedBuffersMb } from './embedded.js';

const GB = 1024 ** 3;

describe('the embedded PostgreSQL buffer cache', () => {
  it('takes an eighth of the machine’s memory, never less than PostgreSQL’s 128 MB nor more than 1 GB', () => {
    expect(sharedBuffersMb(0.5 * GB)).toBe(128);
    expect(sharedBuffersMb(4 * GB)).toBe(512);
    expect(sharedBuffersMb(24 * GB)).toBe(1024);
  });
});
