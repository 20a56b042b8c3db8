import { defineModule } from '../../platform/manifest/index.js';
import { expensesAccess } from './expenses.access.js';
import { expensesRoutes } from './expenses.routes.js';
import { onBudgetDecided } from './budgets.service.js';
import { onClaimDecided, onOverBudgetDecided } from './claims.service.js';
import { budgetOverrunRule } from './expenses.alerts.js';

/** Expenses module (M7): budgets, claims with invoices (R-EXP-1), no spending over budget (R-EXP-2), analysis. Other modules import only this file. */
export { expensesAccess } from './expenses.access.js';
export { expensesRoutes } from './expenses.routes.js';
export { expenseAnalysis } from './expense-analysis.js';
export { expenseBudgetFigures, type ExpenseBudgetFigures } from './budget-figures.js';

export const expensesModule = defineModule({
  name: 'expenses',
  dependsOn: ['customers', 'contracts', 'receivables'],
  routes: [expensesRoutes],
  access: [expensesAccess],
  approvalSubjects: {
    'expense.budget': { onDecided: onBudgetDecided, link: () => '/expenses/budgets' },
    'expense.claim': { onDecided: onClaimDecided, link: (id) => `/expenses/claims/${id}` },
    'expense.overBudget': { onDecided: onOverBudgetDecided, link: (id) => `/expenses/claims/${id}` },
  },
  settings: ['expenses'],
  alertRules: [budgetOverrunRule],
});
