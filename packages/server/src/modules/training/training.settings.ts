import { trainingSettingsSchema, type TrainingSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, saveModuleSettings } from '../../platform/settings/settings.js';

export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = {
  requiredCertifications: [],
  renewalReminderDays: 30,
  sessionReminderHours: 24,
  skillGapPercent: 70,
};

export const getTrainingSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'training', trainingSettingsSchema, DEFAULT_TRAINING_SETTINGS, options);

export const saveTrainingSettings = (db: Executor, value: TrainingSettings) => saveModuleSettings(db, 'training', value);
