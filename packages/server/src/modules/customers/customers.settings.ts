import { customerSettingsSchema, type CustomerSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, saveModuleSettings } from '../../platform/settings/settings.js';
import { DEFAULT_CADENCE } from './contact-cadence.js';

export const DEFAULT_CUSTOMER_SETTINGS: CustomerSettings = {
  cadence: DEFAULT_CADENCE,
  poolClaimCap: 300,
  poolReturnDays: { A: 30, B: 60, C: 120 },
  poolWarningDays: 7,
  interactionRetentionYears: 5,
  loyaltyLevels: [
    { name: '普通会员', minSpendCents: 0, minOrders: 1 },
    { name: '银卡会员', minSpendCents: 5_000_000, minOrders: 3 },
    { name: '金卡会员', minSpendCents: 20_000_000, minOrders: 6 },
    { name: '钻石会员', minSpendCents: 100_000_000, minOrders: 12 },
  ],
  pointsPerYuan: 1,
};

export const getCustomerSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'customers', customerSettingsSchema, DEFAULT_CUSTOMER_SETTINGS, options);

export const saveCustomerSettings = (db: Executor, value: CustomerSettings) => saveModuleSettings(db, 'customers', value);
