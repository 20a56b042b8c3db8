import type { Page } from 'playwright-core';

export type Language = 'zh-CN' | 'en-US';

export interface PageFinding {
  role: string;
  language: Language;
  width: number;
  path: string;
  problem: string;
}

/**
 * Collects the strings an API answer carries: names and data, which a page may show in any language.
 * Text that has a translation beside it is not data: `name` when `nameEn` is set is a name the English
 * page must show in English, and `title` beside `titleMessage` ({ key, params }) is the stored fallback
 * of a message the page must render in the reader's language.
 */
export function collectDataStrings(value: unknown, language: Language, into: Set<string>): void {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text) into.add(text);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectDataStrings(item, language, into);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const [key, item] of Object.entries(record)) {
    if (language === 'en-US' && typeof record[`${key}En`] === 'string' && record[`${key}En`]) continue;
    const message = record[`${key}Message`];
    if (message && typeof message === 'object' && typeof (message as { key?: unknown }).key === 'string') continue;
    collectDataStrings(item, language, into);
  }
}

/**
 * Notes, inside the page, the strings of every JSON answer before the app is handed the answer, so
 * the audit always knows the data a page renders. A listener in the test process reads bodies later
 * than the page renders them, and on a loaded machine the audit could run first (a seeded plan title
 * was once reported as "Chinese on the English page"). Uses `collectDataStrings` itself, as source.
 */
export async function noteDataInPage(page: Page): Promise<void> {
  const install = (collect: typeof collectDataStrings) => {
    const notes = { 'zh-CN': new Set<string>(), 'en-US': new Set<string>() };
    (window as unknown as { __walkData: typeof notes }).__walkData = notes;
    const original = window.fetch.bind(window);
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await original(...args);
      if ((response.headers.get('content-type') ?? '').includes('json')) {
        try {
          const body: unknown = await response.clone().json();
          collect(body, 'zh-CN', notes['zh-CN']);
          collect(body, 'en-US', notes['en-US']);
        } catch {
          // Not JSON after all: nothing to note.
        }
      }
      return response;
    };
  };
  await page.addInitScript({ content: `(${install.toString()})(${collectDataStrings.toString()});` });
}

/**
 * Audits what the page shows now (runs in the page). Returns one line per problem. Text is taken from
 * visible text nodes and placeholders; known data (`data`, longest first) is cut out before a text is
 * judged, so a Chinese customer name on an English page, or an English product name on a Chinese one,
 * is not a finding.
 */
export async function auditPage(page: Page, language: Language, allData: string[]): Promise<string[]> {
  // Only data that can explain a finding is sent to the page: Chinese data for the English page, Latin for the Chinese one.
  const relevant = language === 'en-US' ? /[\u3400-\u9fff]/ : /[A-Za-z]{2}/;
  const data = allData.filter((d) => d.length < 400 && relevant.test(d));
  return page.evaluate(
    ({ language, data: sent }) => {
      const problems = new Set<string>();
      // What the page noted itself (`noteDataInPage`), with the same choice of what can explain a finding.
      const noted = (window as unknown as { __walkData?: Record<string, Set<string>> }).__walkData?.[language] ?? new Set<string>();
      const relevant = language === 'en-US' ? /[\u3400-\u9fff]/ : /[A-Za-z]{2}/;
      const data = [...new Set([...sent, ...[...noted].filter((d) => d.length < 400 && relevant.test(d))])];
      const exact = new Set(data);
      const known = [...data].sort((a, b) => b.length - a.length);
      const cjk = /[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]/;
      const cjkOnly = /[\u3400-\u9fff]/;
      const ruleId = /\bR-[A-Z]{2,5}-\d+\b/;
      // An i18n key or an internal name (`audit.retention`, `customers.list.title`): dotted lowercase words.
      const rawKey = /^[a-z][a-zA-Z0-9_]*(\.[a-z][a-zA-Z0-9_]*)+$/;
      const fileOrDomain = /\.(cn|com|net|org|io|pdf|xlsx|csv|docx|png|jpg|svg|txt)$/;
      // Words that are the same in both languages: acronyms, the language switch, product names of the trade.
      const sameInBoth = new Set(['English', 'Xiaoguan', 'WeCom', 'DingTalk', 'Excel', 'Email', 'Logo', 'Top', 'vs']);

      // Text marked as another language (`lang`), like the language switch naming 中文 in itself, is meant so.
      const otherLanguage = (element: Element): boolean => {
        // Key names (Ctrl, Enter, Esc) are written the same in both languages.
        if (element.closest('kbd')) return true;
        const marked = element.closest('[lang]');
        return Boolean(marked && marked !== document.documentElement && marked.getAttribute('lang') !== language);
      };
      const visible = (element: Element): boolean => {
        if (element.closest('[aria-hidden=true], .ant-table-measure-row, [hidden]')) return false;
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
        const rect = element.getBoundingClientRect();
        return rect.width > 0 && rect.height > 0;
      };
      const withoutData = (text: string): string => {
        if (exact.has(text)) return '';
        // An avatar's initial or a short piece of a name (1–2 characters) is data too, and so is a
        // longer piece shown on its own (a deal's name without the customer's in front of it).
        if ((text.length <= 2 || text.length >= 4) && known.some((d) => d.includes(text))) return '';
        let rest = text;
        for (const d of known) if (rest.includes(d)) rest = rest.split(d).join(' ');
        return rest;
      };
      const judge = (text: string, where: string) => {
        const trimmed = text.replace(/\s+/g, ' ').trim();
        if (!trimmed) return;
        const shown = trimmed.length > 80 ? `${trimmed.slice(0, 80)}…` : trimmed;
        if (ruleId.test(trimmed)) problems.add(`rule id in ${where}: "${shown}"`);
        if (rawKey.test(trimmed) && !fileOrDomain.test(trimmed)) problems.add(`raw key in ${where}: "${shown}"`);
        if (language === 'en-US') {
          if (!cjk.test(trimmed)) return;
          const rest = withoutData(trimmed);
          if (cjkOnly.test(rest)) problems.add(`Chinese on the English page in ${where}: "${shown}"`);
        } else {
          if (!/[a-z]{2,}/.test(trimmed)) return;
          // File types (.xlsx, .csv) and encodings are written the same in Chinese.
          const rest = withoutData(trimmed).replace(/\.[a-z]{2,4}\b/g, ' ');
          const words = rest.match(/[A-Za-z][A-Za-z'’-]*[a-z][A-Za-z'’-]*/g) ?? [];
          const english = words.filter((w) => w.length > 1 && !sameInBoth.has(w));
          if (english.length) problems.add(`English on the Chinese page in ${where}: "${shown}"`);
        }
      };

      const main = document.querySelector('main, .ant-layout-content') ?? document.body;
      const judged = new Set<Element>();
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA'].includes(parent.tagName)) continue;
        if (!node.textContent?.trim() || !visible(parent) || otherLanguage(parent)) continue;
        // A whole cell or label is judged as one text, so a name split over nodes is still cut out.
        const holder = parent.closest('td, th, .ant-tag, .ant-descriptions-item-content, .ant-list-item, li, button, a, label') ?? parent;
        if (judged.has(holder)) continue;
        judged.add(holder);
        // The holder's text, less what is marked as written in the other language.
        let text = '';
        const inner = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
        for (let piece = inner.nextNode(); piece; piece = inner.nextNode()) {
          if (piece.parentElement && !otherLanguage(piece.parentElement)) text += piece.textContent ?? '';
        }
        judge(text, main.contains(parent) ? holder.tagName.toLowerCase() : 'header');
      }
      for (const input of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]')) {
        if (visible(input) && !input.value) judge(input.placeholder, 'placeholder');
      }

      // The page itself never scrolls sideways.
      const overflow = document.documentElement.scrollWidth - window.innerWidth;
      if (overflow > 1) problems.add(`page ${overflow}px wider than the window`);

      const scrolls = (element: Element): boolean => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX);
      const clips = (element: Element): boolean => getComputedStyle(element).overflowX !== 'visible';
      for (const table of document.querySelectorAll('.ant-table table')) {
        if (!visible(table)) continue;
        const wrapper = table.closest('.ant-table-wrapper');
        const name = wrapper?.getAttribute('data-testid') ?? wrapper?.closest('[data-testid]')?.getAttribute('data-testid') ?? 'a table';
        // Wider than where it sits, with nothing between that scrolls: the right columns are cut off.
        const tableWidth = table.getBoundingClientRect().width;
        for (let up = table.parentElement; up && up !== document.body; up = up.parentElement) {
          if (scrolls(up)) break;
          if (clips(up) && tableWidth > up.getBoundingClientRect().width + 1) {
            problems.add(`${name} is ${Math.round(tableWidth - up.getBoundingClientRect().width)}px wider than its container`);
            break;
          }
        }
        // Scrolled fully to each side, no column may sit under a fixed one.
        const scroller = table.parentElement && scrolls(table.parentElement) ? table.parentElement : null;
        const header = table.querySelector('thead tr:last-child') ?? table.querySelector('tbody tr.ant-table-row');
        if (!header) continue;
        const cells = [...header.children] as HTMLElement[];
        // A column's title cut off inside its header cell (a column too narrow for its title in this language).
        for (const cell of cells) {
          if (cell.tagName !== 'TH' || !visible(cell) || !(cell.textContent ?? '').trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(cell);
          const text = range.getBoundingClientRect();
          const box = cell.getBoundingClientRect();
          if (text.right > box.right + 1 || text.left < box.left - 1)
            problems.add(`${name}: column header "${(cell.textContent ?? '').trim()}" is clipped`);
        }
        const fixedRight = cells.filter((c) => c.classList.contains('ant-table-cell-fix-right'));
        const fixedLeft = cells.filter((c) => c.classList.contains('ant-table-cell-fix-left'));
        const free = cells.filter((c) => !fixedRight.includes(c) && !fixedLeft.includes(c) && c.getBoundingClientRect().width > 0);
        if (!free.length) continue;
        const before = scroller?.scrollLeft ?? 0;
        if (fixedRight.length) {
          if (scroller) scroller.scrollLeft = scroller.scrollWidth;
          const edge = Math.min(...fixedRight.map((c) => c.getBoundingClientRect().left));
          const last = free[free.length - 1]!;
          if (last.getBoundingClientRect().right > edge + 2)
            problems.add(`${name}: column "${(last.textContent ?? '').trim()}" hidden under the fixed column`);
        }
        if (fixedLeft.length) {
          if (scroller) scroller.scrollLeft = 0;
          const edge = Math.max(...fixedLeft.map((c) => c.getBoundingClientRect().right));
          if (free[0]!.getBoundingClientRect().left < edge - 2)
            problems.add(`${name}: column "${(free[0]!.textContent ?? '').trim()}" hidden under the fixed column`);
        }
        if (scroller) scroller.scrollLeft = before;
      }
      return [...problems];
    },
    { language, data },
  );
}
