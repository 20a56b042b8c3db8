import { DEFAULT_COMPLAINT_CATEGORIES, serviceSettingsSchema, type ServiceSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, getSettings, saveModuleSettings } from '../../platform/settings/settings.js';
import { CHINA_HOLIDAYS_2026_2027, CHINA_MAKE_UP_WORKDAYS_2026_2027 } from './china-holidays.js';
import { businessCalendar, type BusinessCalendar } from './sla-clock.js';

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  categories: [...DEFAULT_COMPLAINT_CATEGORIES],
  queueCategories: [],
  queues: [],
  // R-SVC-1 (seed 003 三.3): 客户投诉响应时长 ≤ 2 小时.
  firstResponseMinutes: 120,
  warnPercent: 75,
  workdayStart: '09:00',
  workdayEnd: '18:00',
  weekdays: [1, 2, 3, 4, 5],
  holidays: CHINA_HOLIDAYS_2026_2027,
  makeUpWorkdays: CHINA_MAKE_UP_WORKDAYS_2026_2027,
  surveyExpiryDays: 14,
  revisitAfterDays: 3,
};

export const getServiceSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'service', serviceSettingsSchema, DEFAULT_SERVICE_SETTINGS, options);

export const saveServiceSettings = (db: Executor, value: ServiceSettings) => saveModuleSettings(db, 'service', value);

// One calendar per cached settings value and zone: the clock keeps its day windows per calendar
// object, so the queue's every request reuses the days the previous one worked out instead of
// recomputing each day's zone offset for every row (issue 20, queue p95).
const calendars = new WeakMap<ServiceSettings, { timeZone: string; calendar: BusinessCalendar }>();

/** The R-SVC-1 business calendar: the service settings in the company time zone. */
export async function loadCalendar(
  db: Executor,
  options?: { fresh?: boolean },
): Promise<{ settings: ServiceSettings; calendar: BusinessCalendar }> {
  const [settings, company] = await Promise.all([getServiceSettings(db, options), getSettings(db, options)]);
  const known = calendars.get(settings);
  if (known && known.timeZone === company.timeZone) return { settings, calendar: known.calendar };
  const calendar = businessCalendar(settings, company.timeZone);
  calendars.set(settings, { timeZone: company.timeZone, calendar });
  return { settings, calendar };
}
