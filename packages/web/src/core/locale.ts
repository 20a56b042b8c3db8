import type { Locale } from '@xiaoguan/shared';

/** The language choice, without i18next: the app (core/i18n) and the public survey page's own entry read it. */
export const LOCALE_STORAGE_KEY = 'xg.locale';
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en-US';
}

/**
 * The browser's preferred language among ours (navigator.languages, in order): any `zh…` is Chinese,
 * any `en…` English; none of them → the default.
 */
export function browserLocale(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): Locale {
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en-US';
  }
  return DEFAULT_LOCALE;
}

/** The language chosen on this browser; until one is chosen, the browser's own (the sign-in page follows it). */
export function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : browserLocale();
  } catch {
    return browserLocale();
  }
}
