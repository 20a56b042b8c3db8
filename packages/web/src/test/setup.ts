import '@testing-library/jest-dom/vitest';
import { afterEach, beforeEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import '../app/i18n';
import { applyLocale } from '../core/i18n';

// jsdom lacks what antd measures layouts with.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// Each test starts in Chinese, the default interface language.
beforeEach(() => applyLocale('zh-CN'));
afterEach(() => cleanup());

// No server in component tests: requests stay pending, so a page shows its loading state and
// nothing depends on timing.
beforeEach(() => {
  globalThis.fetch = () => new Promise<Response>(() => {});
});
