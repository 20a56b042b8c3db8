import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rules of eslint.config.js (ARCHITECTURE.md, "Module dependency graph") catch what
 * they claim: a deep import into another module, platform/ reaching into modules/.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('dependency lint rules', () => {
  it('a module importing another module past its index.ts fails lint; through index.ts passes', async () => {
    const file = 'packages/server/src/modules/orders/toy.ts';
    expect(
      await restrictedImports(file, "import { customers } from '../customers/customers.schema.js';\nexport const x = customers;\n"),
    ).toEqual([expect.stringContaining('only through its index.ts')]);
    expect(await restrictedImports(file, "import { customers } from '../customers/index.js';\nexport const x = customers;\n")).toEqual([]);
    expect(await restrictedImports(file, "import { AppError } from '../../platform/errors.js';\nexport const x = AppError;\n")).toEqual([]);
    expect(await restrictedImports(file, "import { orderLines } from './orders.schema.js';\nexport const x = orderLines;\n")).toEqual([]);
  });

  it('platform/ importing from modules/ fails lint, through an index.ts or not', async () => {
    const file = 'packages/server/src/platform/auth/toy.ts';
    for (const source of [
      "import { users } from '../../modules/org/index.js';\n",
      "import { users } from '../../modules/org/org.service.js';\n",
      "import { MODULES } from '../../modules/index.js';\n",
    ]) {
      expect(await restrictedImports(file, `${source}export const x = 1;\n`), source).toEqual([
        expect.stringContaining('never imports modules/'),
      ]);
    }
    expect(await restrictedImports(file, "import { users } from '../identity/index.js';\nexport const x = users;\n")).toEqual([]);
  });

  it('a web module importing another web module past its index.ts fails lint; through its index.ts passes', async () => {
    const file = 'packages/web/src/modules/quotes/Toy.tsx';
    for (const source of [
      "import { useCustomer } from '../customers/api';\n",
      "import { CustomerSelect } from '../customers/CustomerSelect';\n",
    ]) {
      expect(await restrictedImports(file, `${source}export const x = 1;\n`), source).toEqual([
        expect.stringContaining('only through its index.ts'),
      ]);
    }
    expect(await restrictedImports(file, "import { useCustomer } from '../customers';\nexport const x = useCustomer;\n")).toEqual([]);
    expect(await restrictedImports(file, "import { api } from '../../core/api';\nexport const x = api;\n")).toEqual([]);
    expect(await restrictedImports(file, "import { useQuote } from './api';\nexport const x = useQuote;\n")).toEqual([]);
  });

  it('a web module importing the composition root, or core/ importing a module, fails lint', async () => {
    expect(
      await restrictedImports(
        'packages/web/src/modules/quotes/Toy.tsx',
        "import { WEB_MODULES } from '../../app/modules';\nexport const x = WEB_MODULES;\n",
      ),
    ).toEqual([expect.stringContaining('never the composition root')]);
    for (const source of ["import { useCustomer } from '../modules/customers';\n", "import { WEB_MODULES } from '../app/modules';\n"]) {
      expect(await restrictedImports('packages/web/src/core/toy.ts', `${source}export const x = 1;\n`), source).toEqual([
        expect.stringContaining('never import app/'),
      ]);
    }
  });
});
