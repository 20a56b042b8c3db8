import { describe, expect, it } from 'vitest';
import { OwnerDirectory, ownerReason, type OwnerCandidate } from './import-owners.js';

const user = (username: string, displayName: string, extra: Partial<OwnerCandidate> = {}): OwnerCandidate => ({
  id: username,
  username,
  displayName,
  employeeNo: null,
  orgUnitId: null,
  disabled: false,
  allowed: true,
  ...extra,
});

describe('import owner by username or display name (issue 22 item 3)', () => {
  const directory = new OwnerDirectory([
    user('yao', '姚笑愚'),
    user('wang1', '王伟'),
    user('wang2', '王伟'),
    user('gone', '李四', { disabled: true }),
    user('far', '赵六', { allowed: false }),
    user('zhou', '周七', { employeeNo: 'E0042' }),
  ]);

  it('finds an owner by username, case-insensitively', () => {
    expect(directory.find('YAO')).toEqual({ owner: expect.objectContaining({ username: 'yao' }) });
  });

  it('finds an owner by display name, ignoring spaces and width', () => {
    expect(directory.find(' 姚 笑愚 ')).toEqual({ owner: expect.objectContaining({ username: 'yao' }) });
  });

  it('refuses a display name two users share, naming both usernames', () => {
    const lookup = directory.find('王伟');
    expect(lookup).toEqual({ reason: 'ambiguous', text: '王伟', usernames: ['wang1', 'wang2'] });
    const reason = ownerReason(lookup as Exclude<typeof lookup, { owner: OwnerCandidate }>);
    expect(reason.reason).toContain('wang1, wang2');
    expect(reason.message).toEqual({
      key: 'customers.importReasons.ownerAmbiguous',
      params: { text: '王伟', count: 2, usernames: 'wang1, wang2' },
    });
  });

  it('never matches a disabled user and refuses one outside the scope', () => {
    expect(directory.find('gone')).toEqual({ reason: 'unknown', text: 'gone' });
    expect(directory.find('李四')).toEqual({ reason: 'unknown', text: '李四' });
    expect(directory.find('赵六')).toEqual({ reason: 'outside', text: '赵六' });
  });

  it('finds an owner by employee number (工号), case-insensitively and in full width', () => {
    expect(directory.find('e0042')).toEqual({ owner: expect.objectContaining({ username: 'zhou' }) });
    expect(directory.find('Ｅ００４２')).toEqual({ owner: expect.objectContaining({ username: 'zhou' }) });
  });
});
