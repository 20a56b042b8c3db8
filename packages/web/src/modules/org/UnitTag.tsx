import { Tag } from 'antd';
import type { OrgUnitKind } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';

const COLORS: Record<OrgUnitKind, string> = { company: 'blue', region: 'purple', department: 'cyan', team: 'green' };

export function UnitKindTag({ kind }: { kind: OrgUnitKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[kind]} style={{ marginInlineEnd: 0 }}>
      {t(`common.unitKinds.${kind}`)}
    </Tag>
  );
}
