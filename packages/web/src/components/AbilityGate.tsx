import type { ReactNode } from 'react';
import type { Abilities } from '@xiaoguan/shared';
import { useCan } from '../core/session';

interface AbilityGateProps {
  /** The record's abilities as the server sent them. */
  abilities?: Abilities;
  ability?: string;
  /** A `module.action` permission from Me.permissions. */
  permission?: string;
  children: ReactNode;
  fallback?: ReactNode;
}

/** Shows its children only when the server said the caller may: the UI never re-derives a rule. */
export function AbilityGate({ abilities, ability, permission, children, fallback = null }: AbilityGateProps) {
  const can = useCan();
  const abilityOk = ability === undefined || abilities?.[ability] === true;
  const permissionOk = permission === undefined || can(permission);
  return <>{abilityOk && permissionOk ? children : fallback}</>;
}
