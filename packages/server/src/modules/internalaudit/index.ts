import { defineModule } from '../../platform/manifest/index.js';
import { internalauditAccess } from './internalaudit.access.js';
import { internalauditRoutes } from './internalaudit.routes.js';
import { rectificationDueRule, rectificationLateRule } from './internalaudit.alerts.js';

/**
 * Internal control and audit (M12, issue 21 items 8–9): audit plans with scope and checklist,
 * read-only sampling (every view in the audit log), findings, rectification under R-AUD-1 with
 * reminders and escalation as risk-alert rules, the audit report PDF, the open-findings dashboard
 * and the confidential-data trail. Not the platform audit log (platform/audit), which it reads.
 */
export { internalauditAccess } from './internalaudit.access.js';

export const internalauditModule = defineModule({
  name: 'internalaudit',
  dependsOn: ['customers', 'quotes'],
  routes: [internalauditRoutes],
  access: [internalauditAccess],
  settings: ['internalaudit'],
  alertRules: [rectificationDueRule, rectificationLateRule],
});
