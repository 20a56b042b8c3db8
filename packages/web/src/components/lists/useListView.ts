import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { SavedView, SavedViewState } from '@xiaoguan/shared';
import { useSavedViews } from './savedViewsApi';
import type { ColumnOption } from './ColumnChooser';
import { useRememberedWidths, type ColumnWidths } from './columnWidths';

/** URL parameters that are not part of a view: where the reader is in the list. */
const NOT_SAVED = new Set(['page', 'sort']);

export interface ListView {
  listKey: string;
  views: SavedView[];
  active: SavedView | null;
  options: readonly ColumnOption[];
  /** The column keys to show, in the list's order. */
  shown: string[];
  setShown: (keys: string[]) => void;
  resetColumns: () => void;
  widths: Record<string, number>;
  setWidth: (key: string, width: number) => void;
  resetWidths: () => void;
  /** The widths as the table takes them (drag handles on the headers). */
  columnWidths: ColumnWidths;
  /** What "save view" stores now: the URL's filters and sort, the columns and widths. */
  current: () => SavedViewState;
  apply: (view: SavedView | null) => void;
}

/**
 * A list's saved-view state, shared by every list: the active view, the visible columns and their
 * widths. Filters and sort stay in the URL (so links and exports keep them); applying a view
 * writes them there. Opening the list with no parameters applies the caller's default view once.
 */
export function useListView(listKey: string, options: readonly ColumnOption[], defaultColumns: readonly string[]): ListView {
  const [search, setSearch] = useSearchParams();
  const views = useSavedViews(listKey);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [columns, setColumns] = useState<string[] | null>(null);
  // Dragged widths are remembered per user and list; a view with widths of its own replaces them.
  const remembered = useRememberedWidths(listKey);
  const widths = remembered.widths;
  const defaultApplied = useRef(false);
  const known = useMemo(() => new Set(options.map((option) => option.key)), [options]);

  const apply = (view: SavedView | null) => {
    setActiveId(view?.id ?? null);
    setColumns(view?.state.columns ?? null);
    if (view?.state.widths && Object.keys(view.state.widths).length) remembered.replace(view.state.widths);
    const query = new URLSearchParams(view?.state.filters ?? {});
    if (view?.state.sort) query.set('sort', view.state.sort);
    setSearch(query, { replace: true });
  };

  useEffect(() => {
    if (defaultApplied.current || !views.data) return;
    defaultApplied.current = true;
    const preferred = views.data.find((view) => view.isDefault);
    if (preferred && [...search.keys()].length === 0) apply(preferred);
    // Once, when the views first arrive.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [views.data]);

  const shown = (columns ?? defaultColumns).filter((key) => known.has(key));
  const list = views.data ?? [];
  return {
    listKey,
    views: list,
    active: list.find((view) => view.id === activeId) ?? null,
    options,
    shown: shown.length ? options.map((option) => option.key).filter((key) => shown.includes(key)) : [...defaultColumns],
    setShown: setColumns,
    resetColumns: () => setColumns(null),
    widths,
    setWidth: remembered.setWidth,
    resetWidths: () => remembered.replace({}),
    columnWidths: remembered,
    current: () => ({
      filters: Object.fromEntries([...search.entries()].filter(([name]) => !NOT_SAVED.has(name))),
      sort: search.get('sort'),
      columns,
      widths,
    }),
    apply,
  };
}
