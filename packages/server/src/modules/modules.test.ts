import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defineModule, moduleOrderProblems, registerModules, type ModuleManifest } from '../platform/manifest/index.js';
import { MODULES } from './index.js';

/**
 * The module list (modules/index.ts) is the one registration of a module. These checks fail when a
 * step of "Adding a module" (ARCHITECTURE.md) is skipped or the dependency order is broken.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const folders = fs
  .readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** The other modules a module's files import (`../<name>/…`). */
function importedModules(name: string): Set<string> {
  const found = new Set<string>();
  for (const file of fs.readdirSync(path.join(here, name), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const source = fs.readFileSync(path.join(here, name, file), 'utf8');
    for (const match of source.matchAll(/from '\.\.\/([a-z0-9-]+)\//g))
      if (match[1] !== name && folders.includes(match[1]!)) found.add(match[1]!);
  }
  return found;
}

describe('module list', () => {
  it('every module folder is in the list, once, under its folder name', () => {
    const names = MODULES.map((module) => module.name);
    expect([...names].sort()).toEqual([...folders].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('is in dependency order: each module depends only on modules before it', () => {
    expect(moduleOrderProblems(MODULES)).toEqual([]);
  });

  it("declares in dependsOn every module it imports, so the order check sees the module's real arrows", () => {
    for (const module of MODULES) {
      const missing = [...importedModules(module.name)].filter((imported) => !module.dependsOn.includes(imported));
      expect(missing, `${module.name} imports ${missing.join(', ')} without listing it in dependsOn`).toEqual([]);
    }
  });

  it('a module exports its manifest from its index.ts and the list holds exactly that object', async () => {
    for (const module of MODULES) {
      const index = (await import(/* @vite-ignore */ `./${module.name}/index.js`)) as Record<string, unknown>;
      expect(Object.values(index), `${module.name}/index.ts exports its defineModule(...)`).toContain(module);
    }
  });

  it('each approval subject has one owner', () => {
    const subjects = MODULES.flatMap((module) => Object.keys(module.approvalSubjects));
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(subjects).toEqual(expect.arrayContaining(['quote.discount', 'contract.sign', 'credit.override', 'receivable.writeoff']));
  });

  it('the order check names a dependency on a later module, an unknown one and a duplicate', () => {
    const toy = (name: string, dependsOn: string[] = []): ModuleManifest => defineModule({ name, dependsOn });
    expect(moduleOrderProblems([toy('a'), toy('b', ['a'])])).toEqual([]);
    expect(moduleOrderProblems([toy('b', ['a']), toy('a')])).toEqual(['module b depends on a, which comes after it: move a before b']);
    expect(moduleOrderProblems([toy('a', ['ghost'])])).toEqual(['module a depends on ghost, which is not in the module list']);
    expect(moduleOrderProblems([toy('a'), toy('a')])).toEqual(['module a is listed twice']);
    // The app refuses to boot on such a list (buildApp → registerModules).
    expect(() => registerModules([toy('b', ['a']), toy('a')])).toThrow(/module b depends on a, which comes after it/);
  });
});

describe('web module list (packages/web/src/app/modules.ts)', () => {
  const web = path.resolve(here, '../../../web/src');
  const webFolders = fs
    .readdirSync(path.join(web, 'modules'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const list = fs.readFileSync(path.join(web, 'app/modules.ts'), 'utf8');
  const listed = [...list.matchAll(/from '\.\.\/modules\/([a-z0-9-]+)\/module'/g)].map((match) => match[1]!);

  it('every web module folder has a module.ts declaring defineWebModule under its folder name, listed once', () => {
    expect([...listed].sort()).toEqual([...webFolders].sort());
    expect(new Set(listed).size).toBe(listed.length);
    for (const name of webFolders) {
      const manifest = fs.readFileSync(path.join(web, 'modules', name, 'module.ts'), 'utf8');
      expect(manifest, `${name}/module.ts`).toContain(`defineWebModule({`);
      expect(manifest, `${name}/module.ts names its i18n namespace`).toMatch(new RegExp(`name: '${name}'`));
    }
  });

  it('every server module with pages has its web module', () => {
    for (const module of MODULES) expect(webFolders, module.name).toContain(module.name);
  });

  it('a web module imports only modules before it in MODULES (a web-only module: any module in MODULES)', () => {
    const order = MODULES.map((module) => module.name);
    for (const name of webFolders) {
      const folder = path.join(web, 'modules', name);
      const imported = new Set<string>();
      for (const file of fs.readdirSync(folder).filter((entry) => /\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry))) {
        const source = fs.readFileSync(path.join(folder, file), 'utf8');
        for (const match of source.matchAll(/from '\.\.\/([a-z0-9-]+)(?:\/[^']*)?'/g)) imported.add(match[1]!);
      }
      const position = order.indexOf(name);
      const allowed = position === -1 ? order : order.slice(0, position);
      for (const other of imported) expect(allowed, `web ${name} imports ${other}`).toContain(other);
    }
  });
});
