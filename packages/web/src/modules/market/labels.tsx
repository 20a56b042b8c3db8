import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Sentiment } from '@xiaoguan/shared';

const SENTIMENT_COLOURS: Record<Sentiment, string> = { positive: 'green', neutral: 'default', negative: 'red' };

export function SentimentTag({ value }: { value: Sentiment }) {
  const { t } = useTranslation();
  return <Tag color={SENTIMENT_COLOURS[value]}>{t(`market.sentiments.${value}`)}</Tag>;
}

export function ReportStatusTag({ value }: { value: 'draft' | 'published' | 'missing' }) {
  const { t } = useTranslation();
  return <Tag color={value === 'published' ? 'green' : value === 'draft' ? 'gold' : 'default'}>{t(`market.statuses.${value}`)}</Tag>;
}

/** A change in basis points as a signed percentage (−500 → −5.0 %). */
export const changeText = (bp: number) => `${bp > 0 ? '+' : ''}${(bp / 100).toFixed(1)}%`;
