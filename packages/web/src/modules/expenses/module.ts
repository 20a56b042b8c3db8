/** The expenses web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { expensesRoutes } from './routes';
import { expensesMessages } from './i18n';

export const expensesWebModule = defineWebModule({ name: 'expenses', routes: expensesRoutes, messages: expensesMessages });
