import { DEFAULT_PERFORMANCE_SETTINGS, performanceSettingsSchema, type PerformanceSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, saveModuleSettings } from '../../platform/settings/settings.js';

export const getPerformanceSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'performance', performanceSettingsSchema, DEFAULT_PERFORMANCE_SETTINGS, options);

export const savePerformanceSettings = (db: Executor, value: PerformanceSettings) => saveModuleSettings(db, 'performance', value);
