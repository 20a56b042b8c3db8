import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for channel partners (issue 21 items 3–5): partners' data is the channel role's and
 * management's. `read`: partners, registrations, statements and contribution (the channel role, the
 * director, managers, finance for the rebates it approves, the auditor). `manage`: partners,
 * qualification, registrations and their decision, attribution, programmes, computing and approving
 * statements (the channel manager — 渠道拓展主管 — and the director). `export`: the statements as xlsx.
 * A rep sees no partner; the R-CHN-1 warning on a customer they can read reaches them through the
 * customer's own scope.
 */
export const channelsAccess = defineAccess('channels', ['read', 'manage', 'export'] as const, {
  director: { read: 'all', manage: 'all', export: 'all' },
  manager: { read: 'all' },
  channel: { read: 'all', manage: 'all', export: 'all' },
  finance: { read: 'all', export: 'all' },
  auditor: { read: 'all' },
});
