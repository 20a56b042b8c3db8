import type { OrgUnit, User } from '@xiaoguan/shared';
import { iso } from '../../platform/db/client.js';
import { isInReportingLine, maskContact, type Actor } from '../../platform/access/index.js';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  employeeNo: string | null;
  phone: string | null;
  email: string | null;
  roles: string[];
  orgUnitId: string | null;
  orgUnitName: string | null;
  managerId: string | null;
  managerName: string | null;
  linePath: string;
  disabled: boolean;
  lockedUntil: Date | string | null;
  lastLoginAt: Date | string | null;
  createdAt: Date | string;
  version: number;
  canUpdate: boolean;
  canResetPassword: boolean;
}

/** Row → DTO: contact details masked outside the user's reporting line (R-SEC-1), abilities attached. */
export function presentUser(actor: Actor, row: UserRow, now: Date): User {
  const visible = row.canUpdate || isInReportingLine(actor, row.linePath);
  const contact = maskContact({ phone: row.phone, email: row.email }, visible);
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    employeeNo: row.employeeNo,
    phone: contact.phone,
    email: contact.email,
    roles: row.roles as User['roles'],
    orgUnitId: row.orgUnitId,
    orgUnitName: row.orgUnitName,
    managerId: row.managerId,
    managerName: row.managerName,
    disabled: row.disabled,
    locked: row.lockedUntil !== null && new Date(row.lockedUntil).getTime() > now.getTime(),
    lastLoginAt: iso(row.lastLoginAt),
    createdAt: iso(row.createdAt)!,
    version: row.version,
    abilities: {
      update: row.canUpdate,
      resetPassword: row.canResetPassword,
      disable: row.canUpdate && !row.disabled,
      enable: row.canUpdate && row.disabled,
      assignSupport: row.canUpdate && row.roles.includes('support'),
    },
  };
}

export interface OrgUnitRow {
  id: string;
  parentId: string | null;
  name: string;
  kind: OrgUnit['kind'];
  productLine: string | null;
  disabled: boolean;
  memberCount: number;
  version: number;
}

export function presentOrgUnit(row: OrgUnitRow, canWrite: boolean): OrgUnit {
  return {
    ...row,
    memberCount: Number(row.memberCount),
    abilities: {
      update: canWrite && row.kind !== 'company',
      createChild: canWrite && row.kind !== 'team',
      disable: canWrite && row.kind !== 'company' && !row.disabled,
      enable: canWrite && row.disabled,
    },
  };
}
