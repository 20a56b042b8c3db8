/** The settings web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { settingsRoutes } from './routes';
import { settingsMessages } from './i18n';

export const settingsWebModule = defineWebModule({ name: 'settings', routes: settingsRoutes, messages: settingsMessages });
