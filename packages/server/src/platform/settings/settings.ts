import { announce, onAnnounce } from '../db/cache-bus.js';
import { sql } from 'drizzle-orm';
import { settingsSchema, type Settings } from '@xiaoguan/shared';
import type { Executor } from '../db/client.js';
import { settings } from './settings.schema.js';

export const DEFAULT_SETTINGS: Settings = {
  companyName: '示例科技有限公司',
  timeZone: 'Asia/Shanghai',
  auditRetentionYears: 7,
  sessionIdleMinutes: 120,
  sessionAbsoluteHours: 24 * 7,
  loginMaxFailures: 5,
  loginLockMinutes: 15,
  confidentialityText:
    '本人承诺：客户资料、销售策略及价格信息仅用于本职工作，不向任何第三方泄露；离职后仍承担保密义务。\n' +
    'I undertake that customer data, sales strategies and prices are used only for my work and are never disclosed to any third party, during and after my employment.',
  followUpTime: '10:00',
  sellerLegalName: '',
  sellerCreditCode: '',
  sellerAddress: '',
  sellerBankName: '',
  sellerBankAccount: '',
};

let cache: { at: number; value: Settings } | null = null;
const TTL_MS = 5_000;

/** Company settings, defaults filled in. Cached for a few seconds per process. */
export async function getSettings(db: Executor, { fresh = false } = {}): Promise<Settings> {
  if (!fresh && cache && Date.now() - cache.at < TTL_MS) return cache.value;
  const rows = await db.select({ key: settings.key, value: settings.value }).from(settings);
  const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
  const value = presentSettings(stored);
  cache = { at: Date.now(), value };
  return value;
}

/**
 * Stored values over the defaults; a stored value the schema refuses (written before it was
 * validated, e.g. an unknown time zone) falls back to its default instead of failing every request.
 */
function presentSettings(stored: Record<string, unknown>): Settings {
  const merged = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...stored });
  if (merged.success) return merged.data;
  const valid = Object.fromEntries(
    Object.entries(stored).filter(([key, value]) => settingsSchema.shape[key as keyof Settings]?.safeParse(value).success ?? true),
  );
  return settingsSchema.parse({ ...DEFAULT_SETTINGS, ...valid });
}

export async function saveSettings(db: Executor, patch: Partial<Settings>): Promise<void> {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    await db
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()`, version: sql`${settings.version} + 1` } });
  }
  await announce(db, 'settings', COMPANY);
}

export function clearSettingsCache(): void {
  cache = null;
  moduleCache.clear();
}

const moduleCache = new Map<string, { at: number; value: unknown }>();

const COMPANY = '*company';
// A save here or in another server process (platform/db/cache-bus.ts): the company settings, one module's, or all.
onAnnounce('settings', (key) => {
  if (key === COMPANY) cache = null;
  else if (key) moduleCache.delete(key);
  else clearSettingsCache();
});

/** A module's own settings object, stored under one key, validated, defaults filled in. */
export async function getModuleSettings<T>(
  db: Executor,
  key: string,
  schema: { parse: (v: unknown) => T },
  defaults: T,
  { fresh = false } = {},
): Promise<T> {
  const cached = moduleCache.get(key);
  if (!fresh && cached && Date.now() - cached.at < TTL_MS) return cached.value as T;
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(sql`${settings.key} = ${key}`);
  const value = schema.parse({ ...defaults, ...((row?.value as object) ?? {}) });
  moduleCache.set(key, { at: Date.now(), value });
  return value;
}

export async function saveModuleSettings(db: Executor, key: string, value: unknown): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()`, version: sql`${settings.version} + 1` } });
  await announce(db, 'settings', key);
}
