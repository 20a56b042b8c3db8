import { contractSettingsSchema, type ContractSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, saveModuleSettings } from '../../platform/settings/settings.js';

export const DEFAULT_CONTRACT_SETTINGS: ContractSettings = {
  numberPattern: 'HT-{YYYY}-{SEQ:6}',
  renewalReminderDays: 30,
};

export const getContractSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'contracts', contractSettingsSchema, DEFAULT_CONTRACT_SETTINGS, options);

export const saveContractSettings = (db: Executor, value: ContractSettings) => saveModuleSettings(db, 'contracts', value);
