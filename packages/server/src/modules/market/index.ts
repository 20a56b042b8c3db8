import { defineModule } from '../../platform/manifest/index.js';
import { marketAccess } from './market.access.js';
import { marketRoutes } from './market.routes.js';
import { marketJobs } from './market.jobs.js';
import { marketReportKind } from './market-report-kind.js';
import { reportKinds } from '../reports/index.js';

/**
 * Market intelligence module (M10): structured market feedback, competitor records and the weekly
 * market feedback report per team (R-MKT-1). Other modules import only this file. The report
 * scheduler delivers the weekly report as the `market.weekly` kind (reports' `reportKinds` slot).
 */
export { marketAccess } from './market.access.js';
export { generateWeeklyReports, deliverPublishedReport, reportRecipients, loadWeeklyFacts } from './market-reports.service.js';
export { buildWeeklyReport } from './weekly-report.js';

export const marketModule = defineModule({
  name: 'market',
  dependsOn: ['customers', 'opportunities', 'reports'],
  routes: [marketRoutes],
  access: [marketAccess],
  jobs: marketJobs,
  // R-MKT-1 delivered by the report scheduler: subscriptions, archive, e-mail / WeCom / DingTalk.
  contributes: [reportKinds.with(marketReportKind)],
});
