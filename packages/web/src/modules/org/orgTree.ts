import type { OrgUnit, OrgUnitKind } from '@xiaoguan/shared';

const KIND_ORDER: Record<OrgUnitKind, number> = { company: 0, region: 1, department: 2, team: 3 };

export interface UnitNode {
  unit: OrgUnit;
  children: UnitNode[];
}

/** The flat list from /org-units as a tree (roots first; siblings by kind (regions, departments, teams), then name). */
export function buildUnitTree(units: readonly OrgUnit[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>(units.map((unit) => [unit.id, { unit, children: [] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => KIND_ORDER[a.unit.kind] - KIND_ORDER[b.unit.kind] || a.unit.name.localeCompare(b.unit.name, 'zh-CN'));
    list.forEach((node) => sort(node.children));
  };
  sort(roots);
  return roots;
}

/** Ids of a unit and everything under it: a unit cannot move under itself. */
export function descendantIds(units: readonly OrgUnit[], id: string): Set<string> {
  const result = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId && result.has(unit.parentId) && !result.has(unit.id)) {
        result.add(unit.id);
        grew = true;
      }
    }
  }
  return result;
}

export interface UnitTreeSelectNode {
  value: string;
  title: string;
  disabled?: boolean;
  children: UnitTreeSelectNode[];
}

/** Options for a unit TreeSelect; `isDisabled` greys out units that may not be chosen. */
export function unitTreeSelectData(
  units: readonly OrgUnit[],
  isDisabled: (unit: OrgUnit) => boolean = (unit) => unit.disabled,
): UnitTreeSelectNode[] {
  const convert = (node: UnitNode): UnitTreeSelectNode => ({
    value: node.unit.id,
    title: node.unit.name,
    disabled: isDisabled(node.unit),
    children: node.children.map(convert),
  });
  return buildUnitTree(units).map(convert);
}
