import { expenseSettingsSchema, type ExpenseSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, saveModuleSettings } from '../../platform/settings/settings.js';

/** Seed 001 费用预算.1: invitation, conference events, promotion, travel (and entertainment). */
export const DEFAULT_EXPENSE_SETTINGS: ExpenseSettings = {
  categories: ['客户邀约', '会议营销', '市场推广', '差旅', '业务招待'],
};

export const getExpenseSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'expenses', expenseSettingsSchema, DEFAULT_EXPENSE_SETTINGS, options);

export const saveExpenseSettings = (db: Executor, value: ExpenseSettings) => saveModuleSettings(db, 'expenses', value);
