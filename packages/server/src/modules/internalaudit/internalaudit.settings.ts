import { internalauditSettingsSchema, type InternalauditSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings } from '../../platform/settings/settings.js';

/** R-AUD-1: a reminder three days before a rectification deadline; escalated a week after it. */
export const DEFAULT_INTERNALAUDIT_SETTINGS: InternalauditSettings = { remindDays: 3, escalateDays: 7 };

export const getInternalauditSettings = (db: Executor) =>
  getModuleSettings(db, 'internalaudit', internalauditSettingsSchema, DEFAULT_INTERNALAUDIT_SETTINGS);
