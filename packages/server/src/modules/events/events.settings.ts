import { eventSettingsSchema, type EventSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, saveModuleSettings } from '../../platform/settings/settings.js';
import { DEFAULT_INVITATION_SCRIPT } from './invitation-script.js';

export const DEFAULT_EVENT_SETTINGS: EventSettings = {
  eventTypes: ['产品发布会', '专题讲座', '客户答谢会', '培训日'],
  declineReasons: ['时间冲突', '路程太远', '暂无需求', '对主题不感兴趣', '身体原因', '其他'],
  invitationScript: DEFAULT_INVITATION_SCRIPT,
  retryMinutes: 120,
};

export const getEventSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'events', eventSettingsSchema, DEFAULT_EVENT_SETTINGS, options);

export const saveEventSettings = (db: Executor, value: EventSettings) => saveModuleSettings(db, 'events', value);
