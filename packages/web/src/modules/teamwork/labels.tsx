import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ActionItem } from '@xiaoguan/shared';

const COLORS: Record<ActionItem['state'], string> = { open: 'processing', overdue: 'error', done: 'success', dropped: 'default' };

/** An action item's state as a tag. */
export function ActionItemState({ state }: { state: ActionItem['state'] }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[state]}>{t(`teamwork.itemStates.${state}`)}</Tag>;
}
