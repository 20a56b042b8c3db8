import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  OPPORTUNITY_SOURCES,
  OPPORTUNITY_STAGES,
  type GateRequirement,
  type OpportunitySettings,
  type OpportunityStage,
} from '@xiaoguan/shared';
import { currentLocale } from '../../core/i18n';

/** One colour per stage, cool to warm along the path; won green, lost grey-red. */
export const STAGE_HEX: Record<OpportunityStage, string> = {
  lead: '#8c9bb5',
  discovery: '#4c7bd9',
  solution: '#7a5af5',
  negotiation: '#e08a1e',
  won: '#389e0d',
  lost: '#b4545d',
};

export function StageTag({ stage }: { stage: OpportunityStage }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_HEX[stage]} style={{ marginInlineEnd: 0 }} data-testid={`stage-tag-${stage}`}>
      {t(`opportunities.stages.${stage}`)}
    </Tag>
  );
}

export const stageOptions = (t: TFunction, stages: readonly OpportunityStage[] = OPPORTUNITY_STAGES) =>
  stages.map((stage) => ({ value: stage, label: t(`opportunities.stages.${stage}`) }));
export const sourceOptions = (t: TFunction) =>
  OPPORTUNITY_SOURCES.map((source) => ({ value: source, label: t(`opportunities.sources.${source}`) }));

/** "金额、报价" — the missing requirements in the interface language. */
export function requirementList(t: TFunction, missing: readonly GateRequirement[]): string {
  return missing.map((requirement) => t(`opportunities.requirements.${requirement}`)).join(currentLocale() === 'zh-CN' ? '、' : ', ');
}

/** A configured lost reason's label in the interface language (the code when it is no longer configured). */
export function lostReasonLabel(settings: OpportunitySettings | undefined, code: string | null): string {
  if (!code) return '';
  const reason = settings?.lostReasons.find((item) => item.code === code);
  if (!reason) return code;
  return currentLocale() === 'zh-CN' ? reason.zh : reason.en;
}

export const isClosed = (stage: OpportunityStage) => stage === 'won' || stage === 'lost';
