import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for receivables, scoped by the installment's (denormalised) owner: finance and the director
 * everything; managers and supervisors read their unit's; reps, key-account and channel managers
 * their own; support the reps they serve; auditors read all; ops nothing.
 * `record` = receipts and invoices; `writeoff` = request bad-debt write-offs; `credit` = set credit
 * limits; `export` = receipt lists to CSV/xlsx; `configure` = the module's settings.
 */
export const receivablesAccess = defineAccess('receivables', ['read', 'record', 'writeoff', 'credit', 'export', 'configure'] as const, {
  finance: { read: 'all', record: 'all', writeoff: 'all', credit: 'all', export: 'all', configure: 'all' },
  director: { read: 'all', record: 'all', writeoff: 'all', credit: 'all', export: 'all', configure: 'all' },
  manager: { read: 'unit' },
  supervisor: { read: 'unit' },
  rep: { read: 'own' },
  key_account: { read: 'own' },
  channel: { read: 'own' },
  support: { read: 'supported' },
  auditor: { read: 'all' },
  admin: { configure: 'all' },
});
