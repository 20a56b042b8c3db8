/** The search web module's manifest: its strings; its header tools are placed by the shell (app/Shell.tsx). */
import { defineWebModule } from '../../core/webModule';
import { searchMessages } from './i18n';

export const searchWebModule = defineWebModule({ name: 'search', routes: [], messages: searchMessages });
