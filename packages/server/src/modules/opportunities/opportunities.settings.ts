import { OPPORTUNITY_STAGES, opportunitySettingsSchema, type OpportunitySettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, saveModuleSettings } from '../../platform/settings/settings.js';
import { DEFAULT_GATES } from './stage-gates.js';

export const DEFAULT_OPPORTUNITY_SETTINGS: OpportunitySettings = {
  probabilities: { lead: 10, discovery: 25, solution: 50, negotiation: 75, won: 100, lost: 0 },
  lostReasons: [
    { code: 'price', zh: '价格', en: 'Price' },
    { code: 'competitor', zh: '竞品', en: 'Lost to a competitor' },
    { code: 'budget_cancelled', zh: '预算取消', en: 'Budget cancelled' },
    { code: 'needs_changed', zh: '需求变化', en: 'Needs changed' },
    { code: 'no_decision_maker', zh: '无决策人', en: 'No decision maker' },
    { code: 'other', zh: '其他', en: 'Other' },
  ],
  gates: Object.fromEntries(OPPORTUNITY_STAGES.map((stage) => [stage, [...DEFAULT_GATES[stage]]])) as OpportunitySettings['gates'],
  boardClosedDays: 90,
};

export const getOpportunitySettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'opportunities', opportunitySettingsSchema, DEFAULT_OPPORTUNITY_SETTINGS, options);

export const saveOpportunitySettings = (db: Executor, value: OpportunitySettings) => saveModuleSettings(db, 'opportunities', value);
