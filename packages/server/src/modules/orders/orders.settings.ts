import { orderSettingsSchema, type OrderSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, saveModuleSettings } from '../../platform/settings/settings.js';

export const DEFAULT_ORDER_SETTINGS: OrderSettings = {
  numberPattern: 'DD-{YYYY}-{SEQ:6}',
  /** 50,000 CNY: above it a deal needs a contract (ORD-DIRECT-MAX). */
  directOrderMaxCents: 5_000_000,
};

export const getOrderSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'orders', orderSettingsSchema, DEFAULT_ORDER_SETTINGS, options);

export const saveOrderSettings = (db: Executor, value: OrderSettings) => saveModuleSettings(db, 'orders', value);
