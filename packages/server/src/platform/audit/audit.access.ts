import { defineAccess } from '../access/access.js';

/** The audit trail: auditor and admin browse all of it; the director sees it too (002 内部控制). */
export const auditAccess = defineAccess('audit', ['read'] as const, {
  admin: { read: 'all' },
  auditor: { read: 'all' },
  director: { read: 'all' },
});
