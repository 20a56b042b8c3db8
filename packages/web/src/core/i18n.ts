import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Locale, Message } from '@xiaoguan/shared';
import type { LocalisedMessages } from './i18n-types';
import { DEFAULT_LOCALE, isLocale, LOCALE_STORAGE_KEY, storedLocale } from './locale';

// The stored and browser language live in ./locale (no i18next), so the public survey page's own
// small entry can read the same choice; re-exported here for the app.
export { LOCALE_STORAGE_KEY, DEFAULT_LOCALE, isLocale, browserLocale, storedLocale } from './locale';

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

/** Switches the interface language: i18next, dayjs, <html lang> and the stored choice. */
export async function applyLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Private mode: the choice simply is not remembered.
  }
  document.documentElement.lang = locale;
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

/**
 * Starts i18next with the given blocks of strings; each block's name becomes the key prefix of its
 * strings (`org.users.title`, `common.roles.rep`). The composition root (app/i18n.ts) calls it once
 * with the kernel's blocks and every web module's.
 */
export function initI18n(blocks: Record<string, LocalisedMessages<unknown>>): void {
  const resourcesFor = (locale: Locale): Record<string, unknown> =>
    Object.fromEntries(Object.entries(blocks).map(([prefix, messages]) => [prefix, messages[locale]]));
  const initialLocale = storedLocale();
  document.documentElement.lang = initialLocale;
  dayjs.locale(initialLocale === 'zh-CN' ? 'zh-cn' : 'en');

  void i18n.use(initReactI18next).init({
    resources: {
      'zh-CN': { translation: resourcesFor('zh-CN') },
      'en-US': { translation: resourcesFor('en-US') },
    },
    lng: initialLocale,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: true,
    // A visible raw key is a bug: report it loudly (the browser journeys watch the console).
    missingKeyHandler: (_languages, _namespace, key) => {
      console.warn(`[i18n] missing key: ${key}`);
    },
  });
}

/** Translates `key` when it exists, else shows `fallback` (for values the server may add later). */
export function translateOr(key: string, fallback: string): string {
  return i18n.exists(key) ? i18n.t(key) : fallback;
}

/**
 * A stored message (notification, approval title, job result, audit summary) in the reader's language:
 * its key and parameters when the key exists, else the text stored with it (rows from before messages).
 */
export function renderMessage(message: Message | null | undefined, fallback: string): string {
  return message && i18n.exists(message.key) ? i18n.t(message.key, { ...message.params }) : fallback;
}

/** A bilingual name (product, approval rule …) in the reader's language: the English one when there is one. */
export function localName(name: string, nameEn: string | null | undefined): string {
  return currentLocale() === 'en-US' && nameEn ? nameEn : name;
}

/**
 * A product named on any line (opportunity, quote, contract, order, price list, event offer) in the
 * reader's language (issue 16): every screen that names a product calls this one.
 */
export function productName(line: { productName: string | null; productNameEn?: string | null }, fallback = ''): string {
  return line.productName === null ? fallback : localName(line.productName, line.productNameEn);
}

export default i18n;
