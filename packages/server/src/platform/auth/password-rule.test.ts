import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { passwordProblem } from './password-rule.js';

describe('password rule: 8+ characters, not a common password, not the user’s own name', () => {
  it('password rule refuses the passwords attackers try first, also with digits appended', () => {
    for (const common of ['12345678', 'password', 'Password123!', 'qwerty123', 'woaini1314', '88888888', 'aaaaaaaa', 'abcabcabc']) {
      expect(passwordProblem(common, {}), common).toMatch(/too common/);
    }
  });
  it('password rule refuses the username or the display name inside the password', () => {
    expect(passwordProblem('zhangwei2026', { username: 'zhangwei' })).toMatch(/username or name/);
    expect(passwordProblem('My-ZhangWei-key', { username: 'zw', displayName: 'ZhangWei' })).toMatch(/username or name/);
  });
  it('password rule accepts a password that is neither', () => {
    expect(passwordProblem('Orchid-Lake-52', { username: 'zhangwei', displayName: '张伟' })).toBeNull();
  });
});

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('password rule is the one rule of change-password, admin reset and first-admin setup', () => {
  it('password rule: change-password refuses a common password and the own username with a 400 naming the field', async () => {
    const rep = await t.loginAs('rep');
    for (const newPassword of ['password123', 'rep-rep-rep-1']) {
      const response = await rep.post('/api/v1/auth/change-password', { currentPassword: 'demo1234', newPassword });
      expect(response.statusCode, newPassword).toBe(400);
      expect(response.json().error.field).toBe('body.newPassword');
    }
  });
  it('password rule: an admin reset refuses a common password and the user’s own name', async () => {
    const admin = await t.loginAs('admin');
    for (const newPassword of ['12345678', 'ops-2026-ok']) {
      const response = await admin.post(`/api/v1/users/${t.ids.ops}/reset-password`, { newPassword });
      expect(response.statusCode, newPassword).toBe(400);
      expect(response.json().error.field).toBe('body.newPassword');
    }
  });
  it('password rule: first-admin setup refuses a common password before anything else', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { companyName: 'x', username: 'boss', displayName: 'Boss', password: 'iloveyou' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('body.password');
  });
});
