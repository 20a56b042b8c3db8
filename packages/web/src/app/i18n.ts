import { initI18n } from '../core/i18n';
import { appMessages, commonMessages } from '../core/messages';
import { WEB_MODULES } from './modules';
import { listMessages } from '../components/lists/listMessages';
import { feedMessages } from '../components/feed/feedMessages';

/** The kernel's strings under `app.` and `common.`, each module's under its name: `org.users.title`. */
initI18n({
  app: appMessages,
  common: commonMessages,
  lists: listMessages,
  feed: feedMessages,
  ...Object.fromEntries(WEB_MODULES.map((module) => [module.name, module.messages])),
});
