import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CALL_OUTCOMES, customerBulkActionSchema } from '@xiaoguan/shared';

/**
 * Issue 16: an audit entry reads in the reader's language. A summary written as English text
 * (`released to pool: …`) must come with a `summaryMessage` (key + parameters) that the audit page
 * renders in zh-CN and en-US; names and numbers alone are data and need none.
 */
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB_AUDIT_I18N = path.resolve(SRC, '..', '..', 'web', 'src', 'modules', 'audit', 'i18n.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The words of the literal text in a summary expression (what is inside `${…}` is data). */
function literalWords(expression: string): string[] {
  const withoutData = expression.replace(/\$\{[^}]*\}/g, '');
  const literals = withoutData.match(/`[^`]*`|'[^']*'|"[^"]*"/g) ?? [];
  return literals.flatMap((literal) => literal.match(/[A-Za-z]{2,}/g) ?? []);
}

const files = sourceFiles(SRC).map((file) => ({ file: path.relative(SRC, file), text: readFileSync(file, 'utf8') }));

function lookup(tree: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

describe('audit summaries in the reader’s language (issue 16)', () => {
  it('every audit entry whose summary is English text has a summaryMessage', () => {
    const lacking: string[] = [];
    for (const { file, text } of files) {
      const lines = text.split('\n');
      lines.forEach((line, index) => {
        const match = /\bsummary: (.*)$/.exec(line);
        if (!match || file.endsWith('audit.schema.ts') || !literalWords(match[1]!).length) return;
        // The message sits beside the summary, in the same entry (which ends at the call's closing `})`).
        const after = lines.slice(index + 1, index + 6);
        const close = after.findIndex((next) => /^\s*\}\)/.test(next));
        const entry = [line, ...(close === -1 ? after : after.slice(0, close))].join('\n');
        if (!entry.includes('summaryMessage')) lacking.push(`${file}:${index + 1}: ${match[1]!.trim()}`);
      });
    }
    expect(lacking).toEqual([]);
  });

  it('every audit message key the server writes has a zh-CN and an en-US text', async () => {
    const { auditMessages } = (await import(pathToFileURL(WEB_AUDIT_I18N).href)) as {
      auditMessages: Record<'zh-CN' | 'en-US', unknown>;
    };
    const keys = new Set<string>();
    for (const { text } of files) for (const m of text.matchAll(/'audit\.messages\.([A-Za-z.]+)'/g)) keys.add(m[1]!);
    // Keys built from a value: one per value.
    for (const action of [...customerBulkActionSchema.options.map((option) => option.shape.action.value), 'close'])
      keys.add(`bulk.${action}`);
    for (const outcome of CALL_OUTCOMES) keys.add(`callOutcome.${outcome}`);
    const missing = [...keys].flatMap((key) =>
      (['zh-CN', 'en-US'] as const)
        .filter((locale) => typeof lookup(auditMessages[locale], `messages.${key}`) !== 'string')
        .map((locale) => `${locale} ${key}`),
    );
    expect(keys.size).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});
