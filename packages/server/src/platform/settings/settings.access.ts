import { defineAccess } from '../access/access.js';

export const settingsAccess = defineAccess('settings', ['read', 'write'] as const, {
  admin: { read: 'all', write: 'all' },
  director: { read: 'all' },
  auditor: { read: 'all' },
});
