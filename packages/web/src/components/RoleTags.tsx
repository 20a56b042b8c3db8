import { Tag } from 'antd';
import type { Role } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';

const COLORS: Partial<Record<Role, string>> = {
  admin: 'magenta',
  director: 'volcano',
  manager: 'orange',
  supervisor: 'gold',
  rep: 'blue',
  key_account: 'geekblue',
  channel: 'cyan',
  support: 'green',
  ops: 'purple',
  finance: 'lime',
  auditor: 'default',
};

export function RoleTags({ roles }: { roles: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {roles.map((role) => (
        <Tag key={role} color={COLORS[role as Role]} style={{ marginInlineEnd: 4 }}>
          {t(`common.roles.${role}`)}
        </Tag>
      ))}
    </>
  );
}
