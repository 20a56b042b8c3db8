import { useMemo, type CSSProperties } from 'react';
import { TreeSelect } from 'antd';
import { useOrgUnits } from './api';
import { unitTreeSelectData } from './orgTree';
import { UserSelect } from './UserSelect';

interface OwnerTeamFiltersProps {
  ownerId: string | undefined;
  teamId: string | undefined;
  onChange: (patch: { ownerId?: string; teamId?: string }) => void;
  /** The label of the owner filter's current value, when known. */
  ownerLabel?: string | null;
  ownerPlaceholder: string;
  teamPlaceholder: string;
  /** The width of each of the two filters. */
  style: CSSProperties;
  /** `${testId}-owner` and `${testId}-team`. */
  testId: string;
}

/** A list's owner and team filters (for those who read others' records): a user, and a team of the org tree. */
export function OwnerTeamFilters({
  ownerId,
  teamId,
  onChange,
  ownerLabel,
  ownerPlaceholder,
  teamPlaceholder,
  style,
  testId,
}: OwnerTeamFiltersProps) {
  const units = useOrgUnits();
  const teamOptions = useMemo(() => unitTreeSelectData(units.data ?? [], (unit) => unit.kind !== 'team'), [units.data]);
  return (
    <>
      <div style={style}>
        <UserSelect
          value={ownerId ?? null}
          onChange={(value) => onChange({ ownerId: value ?? undefined })}
          initialLabel={ownerLabel}
          placeholder={ownerPlaceholder}
          testId={`${testId}-owner`}
        />
      </div>
      <TreeSelect
        allowClear
        treeData={teamOptions}
        treeDefaultExpandAll
        showSearch={{ treeNodeFilterProp: 'title' }}
        placeholder={teamPlaceholder}
        value={teamId}
        onChange={(value: string | undefined) => onChange({ teamId: value ?? undefined })}
        style={style}
        data-testid={`${testId}-team`}
      />
    </>
  );
}
