import { useState, type CSSProperties, type ReactNode } from 'react';
import { Badge, Button, Flex } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useIsPhone } from './useMediaQuery';

/** A filter's width: a share of the row on phones, a basis and a maximum on wider screens. */
export function useFilterWidth(): (basis: number, max: number) => CSSProperties {
  const isPhone = useIsPhone();
  return (basis, max) => (isPhone ? { flex: '1 1 45%', minWidth: 0 } : { flex: `1 1 ${basis}px`, maxWidth: max });
}

interface ListFilterBarProps {
  /** The search box, always in view. */
  search: ReactNode;
  /** The filters; on phones behind a button that shows how many are set. */
  filters: ReactNode;
  activeFilters: number;
  /** The phone button's label. */
  toggleLabel: string;
  /** After the filters (e.g. a view switch). */
  extra?: ReactNode;
  align?: 'center';
  /** `${testId}-filters` on wide screens, `${testId}-filters-toggle` for the phone button. */
  testId: string;
}

/** Search, then filters in a wrapping row; collapsed behind a button on phones. */
export function ListFilterBar({ search, filters, activeFilters, toggleLabel, extra, align, testId }: ListFilterBarProps) {
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);
  if (isPhone) {
    return (
      <div style={{ marginBottom: 12 }}>
        <Flex gap={8}>
          {search}
          <Badge count={activeFilters} size="small">
            <Button
              icon={<FilterOutlined />}
              onClick={() => setOpen((value) => !value)}
              aria-expanded={open}
              data-testid={`${testId}-filters-toggle`}
            >
              {toggleLabel}
            </Button>
          </Badge>
        </Flex>
        {open ? (
          <Flex gap={8} wrap style={{ marginTop: 8 }}>
            {filters}
          </Flex>
        ) : null}
        {extra}
      </div>
    );
  }
  return (
    <Flex gap={8} wrap style={{ marginBottom: 12 }} align={align} data-testid={`${testId}-filters`}>
      {search}
      {filters}
      {extra}
    </Flex>
  );
}
