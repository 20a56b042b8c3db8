/** The auth web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { authRoutes } from './routes';
import { authMessages } from './i18n';

export const authWebModule = defineWebModule({ name: 'auth', routes: authRoutes, messages: authMessages });
