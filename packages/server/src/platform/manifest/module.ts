import type { FastifyInstance } from 'fastify';
import type { Actor } from '../access/actor.js';
import type { ScheduledJob } from '../jobs/scheduler.js';
import type { BackgroundJob } from '../jobs/queue.js';
import { registerApprovalSubject, type ApprovalSubjectHandler } from '../approvals/approvals.engine.js';
import { registerSearchables, type Searchable } from '../search/searchables.js';
import { registerAlertRules, type AlertRule } from '../alerts/alert-rules.js';

/**
 * What the menu needs of a module's access declaration (R-SEC-1): its name and `module.action` →
 * allowed. Every `defineAccess(...)` result is one, whatever its actions.
 */
export interface AccessDeclaration {
  readonly module: string;
  readonly actions: readonly string[];
  permissions(actor: Actor): Record<string, boolean>;
}

/**
 * A value a module offers at a point an earlier module declared (`defineSlot`). The earlier module
 * reads the slot; it never imports the later one, so the dependency arrow keeps running one way.
 */
export interface SlotContribution<T = unknown> {
  readonly slot: Slot<T>;
  readonly value: T;
}

export interface Slot<T> {
  readonly name: string;
  /** The contributions of the registered modules, in module order. */
  values(): readonly T[];
  /** A contribution to this slot, for a later module's manifest. */
  with(value: T): SlotContribution<T>;
  /** @internal registerModules fills it. */
  fill(values: readonly T[]): void;
}

export function defineSlot<T>(name: string): Slot<T> {
  let filled: readonly T[] = [];
  const slot: Slot<T> = {
    name,
    values: () => filled,
    with: (value) => ({ slot: slot as Slot<unknown>, value }) as SlotContribution<T>,
    fill: (values) => {
      filled = values;
    },
  };
  return slot;
}

/**
 * One business module, declared once in its index.ts: everything the app, the permissions endpoint,
 * the scheduler, the job queue and the approval engine need of it. The ordered list of these is
 * server/src/modules/index.ts; nothing else registers a module.
 */
export interface ModuleManifest {
  /** The folder name under modules/. */
  readonly name: string;
  /** Modules this one imports; each must come earlier in the list (checked at boot and by a test). */
  readonly dependsOn: readonly string[];
  /** Fastify plugins registered under /api/v1, in this order. */
  readonly routes: readonly ((app: FastifyInstance) => Promise<void>)[];
  /** Access declarations (R-SEC-1); each must have its section in the access matrix test. */
  readonly access: readonly AccessDeclaration[];
  /** Cron jobs for the scheduler. */
  readonly jobs: readonly ScheduledJob[];
  /** Background jobs for the job queue (imports …). */
  readonly backgroundJobs: readonly BackgroundJob<unknown>[];
  /** Approval subject types this module submits, with what happens when one is decided (R-APR-1). */
  readonly approvalSubjects: Readonly<Record<string, ApprovalSubjectHandler>>;
  /** Keys of company settings (module_settings) the module owns. */
  readonly settings: readonly string[];
  /** Contributions to slots declared by earlier modules. */
  readonly contributes: readonly SlotContribution[];
  /** Records the header's global search, recent items and favourites can show (`defineSearchable`, issue 16). */
  readonly searchables: readonly Searchable[];
  /** Risk alert rules the module contributes (R-RSK-1, `platform/alerts`): evaluated by the alert sweep. */
  readonly alertRules: readonly AlertRule[];
}

export type ModuleInput = Pick<ModuleManifest, 'name'> & Partial<Omit<ModuleManifest, 'name'>>;

export function defineModule(input: ModuleInput): ModuleManifest {
  return {
    dependsOn: [],
    routes: [],
    access: [],
    jobs: [],
    backgroundJobs: [],
    approvalSubjects: {},
    settings: [],
    contributes: [],
    searchables: [],
    alertRules: [],
    ...input,
  };
}

/**
 * The order rule: names are unique and a module depends only on modules before it. Returns the
 * problems found (empty when the list is sound); `registerModules` refuses to boot on any.
 */
export function moduleOrderProblems(modules: readonly ModuleManifest[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const all = new Set(modules.map((m) => m.name));
  for (const module of modules) {
    if (seen.has(module.name)) problems.push(`module ${module.name} is listed twice`);
    for (const dependency of module.dependsOn) {
      if (!all.has(dependency)) problems.push(`module ${module.name} depends on ${dependency}, which is not in the module list`);
      else if (!seen.has(dependency))
        problems.push(`module ${module.name} depends on ${dependency}, which comes after it: move ${dependency} before ${module.name}`);
    }
    seen.add(module.name);
  }
  return problems;
}

export function assertModuleOrder(modules: readonly ModuleManifest[]): void {
  const problems = moduleOrderProblems(modules);
  if (problems.length > 0) throw new Error(`module list out of order: ${problems.join('; ')}`);
}

/**
 * Wires the ordered module list into the platform, once per process before the app is built:
 * checks the order, registers the approval subjects with the engine and fills the slots earlier
 * modules declared. Returns what the app, the permissions endpoint and the scheduler read.
 */
export function registerModules(modules: readonly ModuleManifest[]): ModuleManifest[] {
  assertModuleOrder(modules);
  for (const module of modules) {
    for (const [subjectType, handler] of Object.entries(module.approvalSubjects)) registerApprovalSubject(subjectType, handler);
  }
  const bySlot = new Map<Slot<unknown>, unknown[]>();
  for (const module of modules) {
    for (const contribution of module.contributes)
      bySlot.set(contribution.slot, [...(bySlot.get(contribution.slot) ?? []), contribution.value]);
  }
  for (const [slot, values] of bySlot) slot.fill(values);
  registerSearchables(modules.flatMap((module) => module.searchables));
  registerAlertRules(modules.flatMap((module) => module.alertRules));
  return [...modules];
}
