import { receivablesSettingsSchema, type ReceivablesSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, saveModuleSettings } from '../../platform/settings/settings.js';

export const DEFAULT_RECEIVABLES_SETTINGS: ReceivablesSettings = {
  /** Warn owner and manager at 1, 30, 60 and 90 days overdue (003 二.(一).4). */
  overdueWarningDays: [1, 30, 60, 90],
};

export const getReceivablesSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'receivables', receivablesSettingsSchema, DEFAULT_RECEIVABLES_SETTINGS, options);

export const saveReceivablesSettings = (db: Executor, value: ReceivablesSettings) =>
  saveModuleSettings(db, 'receivables', { ...value, overdueWarningDays: [...value.overdueWarningDays].sort((a, b) => a - b) });
