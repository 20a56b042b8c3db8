import { defineModule } from '../../platform/manifest/index.js';
import { reportsAccess } from './reports.access.js';
import { reportsRoutes } from './reports.routes.js';
import { reportsJobs } from './reports.jobs.js';

/**
 * Reports module (issue 18 item 4): weekly, monthly and quarterly sales reports with YoY/MoM, xlsx
 * and PDF export, scheduled delivery and the archive. Reads other modules only through their index
 * (metrics functions). Later modules add report kinds to the scheduler through `reportKinds`.
 */
export { reportsAccess } from './reports.access.js';
export { reportKinds, type ReportKind, type ReportRequest, type RenderedReport } from './reports.kinds.js';
export { salesReport } from './reports.service.js';
export {
  addReportSheet,
  reportWorkbook,
  workbookBuffer,
  MONEY_FORMAT,
  COUNT_FORMAT,
  PERCENT_FORMAT,
  type ReportSheet,
  type SheetCell,
  type SheetRow,
} from './reports.sheets.js';

export const reportsModule = defineModule({
  name: 'reports',
  dependsOn: ['customers', 'products', 'contracts', 'receivables', 'targets'],
  routes: [reportsRoutes],
  access: [reportsAccess],
  jobs: reportsJobs,
});
