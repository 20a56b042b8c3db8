import { describe, expect, it } from 'vitest';
import { helmetHeaders } from './security-headers.js';

describe('security headers', () => {
  it('are helmet’s, computed once, with our CSP', () => {
    const headers = helmetHeaders();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toBeDefined();
  });
});
