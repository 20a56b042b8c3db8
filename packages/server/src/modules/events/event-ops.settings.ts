import { eventOpsSettingsSchema, type EventOpsSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, saveModuleSettings } from '../../platform/settings/settings.js';

/** The preparation checklist of seed 001 会议筹备: the sales manager organises, marketing supplies, admin runs the venue. */
const DEFAULT_CHECKLIST: EventOpsSettings['prepTemplates'][string] = [
  { department: 'sales', title: '确定会议主题、议程和讲师', daysBefore: 21 },
  { department: 'sales', title: '制定邀约名单并分配邀约人', daysBefore: 14 },
  { department: 'marketing', title: '准备宣传资料和邀请函', daysBefore: 10 },
  { department: 'marketing', title: '采购礼品并清点', daysBefore: 5 },
  { department: 'admin', title: '预订会场并确认餐饮', daysBefore: 14 },
  { department: 'admin', title: '检查音响、投影和签到设备', daysBefore: 1 },
  { department: 'sales', title: '会前确认参会人员', daysBefore: 1 },
];

export const DEFAULT_EVENT_OPS_SETTINGS: EventOpsSettings = {
  reconfirmHour: 10,
  followUpDays: 3,
  noShowFollowUpDays: 7,
  timeConflictReason: '时间冲突',
  prepTemplates: { default: DEFAULT_CHECKLIST },
};

export const getEventOpsSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'event-ops', eventOpsSettingsSchema, DEFAULT_EVENT_OPS_SETTINGS, options);

export const saveEventOpsSettings = (db: Executor, value: EventOpsSettings) => saveModuleSettings(db, 'event-ops', value);
