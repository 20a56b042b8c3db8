import { defineModule } from '../../platform/manifest/index.js';
import { channelsAccess } from './channels.access.js';
import { channelsRoutes } from './channels.routes.js';
import { channelsJobs } from './channels.jobs.js';
import { channelConflictRule } from './channels.alerts.js';
import { onQualificationDecided, QUALIFICATION_SUBJECT } from './partners.service.js';
import { onRebateDecided, REBATE_SUBJECT } from './rebates.service.js';

/**
 * Channel partners module (M10): partners with qualification (approval subject
 * `channel.qualification`), tiers and tier history, deal registration with protection and the R-CHN-1
 * conflict warning (a risk-alert rule and the customer page's warning), deals attributed through its
 * own link table, R-CHN-2 rebates approved by the channel manager then finance (`channel.rebate`),
 * contribution and the channel cockpit card. Other modules import only this file.
 */
export { channelsAccess } from './channels.access.js';
export { channelConflicts, isProtected } from './conflict.js';
export { computeRebate } from './rebates.js';

export const channelsModule = defineModule({
  name: 'channels',
  dependsOn: ['customers', 'opportunities', 'receivables', 'orders', 'service', 'training'],
  routes: [channelsRoutes],
  access: [channelsAccess],
  jobs: channelsJobs,
  approvalSubjects: {
    [QUALIFICATION_SUBJECT]: { onDecided: onQualificationDecided, link: (id) => `/channels/partners/${id}` },
    [REBATE_SUBJECT]: { onDecided: onRebateDecided, link: () => '/channels/rebates' },
  },
  alertRules: [channelConflictRule],
});
