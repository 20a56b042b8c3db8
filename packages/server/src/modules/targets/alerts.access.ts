import type { Role, Scope } from '@xiaoguan/shared';
import { defineAccess, type Policy } from '../../platform/access/index.js';

type AlertAction = 'read' | 'handle' | 'configure';

/**
 * R-SEC-1 for risk alerts (R-RSK-1): an alert is in the scope of its subject's owner, like the
 * record it is about — a rep sees their own, a supervisor the team's, a manager the region's, the
 * director, finance, ops and the auditor the company's (and the company-level ones, which have no
 * owner). Acknowledging and resolving follow the same scope for the roles that act on risks; the
 * director (and admin) set each rule's thresholds, recipients and channels.
 */
const POLICY: Policy<AlertAction> = {
  admin: { configure: 'all' },
  director: { read: 'all', handle: 'all', configure: 'all' },
  manager: { read: 'unit', handle: 'unit' },
  supervisor: { read: 'unit', handle: 'unit' },
  rep: { read: 'own', handle: 'own' },
  key_account: { read: 'own', handle: 'own' },
  channel: { read: 'own', handle: 'own' },
  support: { read: 'supported' },
  ops: { read: 'all' },
  finance: { read: 'all', handle: 'all' },
  auditor: { read: 'all' },
};

export const alertsAccess = defineAccess('alerts', ['read', 'handle', 'configure'] as const, POLICY);

/** The read scope a role has over alerts: who of a `role:<x>` recipient rule can see the alert they are told of. */
export function alertReadScopeOf(role: Role): Scope {
  return POLICY[role]?.read ?? 'none';
}
