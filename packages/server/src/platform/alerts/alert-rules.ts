import type { AlertRecipient, AlertSeverity, Message } from '@xiaoguan/shared';
import type { Database } from '../db/client.js';

/**
 * R-RSK-1 risk alert rules: a registry every module contributes to from its manifest
 * (`defineModule({ alertRules: [...] })`), the way it declares approval subjects. The sweep (in the
 * targets module, which owns the alert inbox) evaluates every registered rule; a rule never needs
 * the module that runs it, so a later module (service, channels, expenses) adds a rule by declaring
 * it, touching nothing else.
 */

/** One thing found at risk: the subject, whose it is, what to say and where its evidence is. */
export interface AlertFinding {
  /** Names the subject within the rule (`installment:<id>`, `<ownerId>:2030-03`): one open alert per rule and key. */
  subjectKey: string;
  /** The record's owner: the alert's read scope (R-SEC-1) and the `owner` recipient. Null: a company-level subject. */
  ownerId: string | null;
  severity: AlertSeverity;
  /** The alert's text as i18n key + parameters (a web string `<module>.alerts.<...>`), and the same in words. */
  message: Message;
  text: string;
  /** The page with the evidence (the overdue installment's contract, the rep's quotes of the month). */
  link: string;
  /** Figures behind the alert, kept with it (amounts, counts, the threshold applied). */
  evidence: Record<string, string | number>;
}

export interface AlertRuleContext {
  db: Database;
  now: Date;
  /** Company time zone (IANA). */
  timeZone: string;
}

/** A rule's thresholds: named numbers the director can change (days, percent, counts). */
export type AlertParams = Record<string, number>;

export interface AlertRule {
  /** `<module>.<rule>`, e.g. `receivables.overdue`; also the web string `alerts.rules.<module>_<rule>`. */
  key: string;
  /** Defaults for the rule's settings (the director edits them on the alerts page). */
  defaults: {
    enabled: boolean;
    params: AlertParams;
    recipients: AlertRecipient[];
  };
  /** Everything at risk now under these thresholds. Reads the module's own tables; runs without an actor. */
  evaluate(context: AlertRuleContext, params: AlertParams): Promise<AlertFinding[]>;
}

const registry = new Map<string, AlertRule>();

/** Called by registerModules with every module's `alertRules`; a key declared twice is a boot error. */
export function registerAlertRules(rules: readonly AlertRule[]): void {
  registry.clear();
  for (const rule of rules) {
    if (registry.has(rule.key)) throw new Error(`alert rule ${rule.key} is declared twice`);
    registry.set(rule.key, rule);
  }
}

/** The registered rules, in module order. */
export function alertRules(): AlertRule[] {
  return [...registry.values()];
}

export function alertRule(key: string): AlertRule | undefined {
  return registry.get(key);
}
