/** The org web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { orgRoutes } from './routes';
import { orgMessages } from './i18n';
import { userSearchTypes } from './searchTypes';

export const orgWebModule = defineWebModule({ name: 'org', routes: orgRoutes, messages: orgMessages, searchTypes: userSearchTypes });
