import { useEffect, useRef } from 'react';
import { matchPath, useLocation, useNavigate } from 'react-router-dom';
import { useRecordVisit, type SearchTypeDeclaration } from '../../core/recordShortcuts';
import { neighbourOf } from '../../core/recordNav';
import { useShortcut } from '../../core/shortcuts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record the current page shows, by the declared record routes (`/customers/:id`), if any. */
export function currentRecord(types: readonly SearchTypeDeclaration[], pathname: string): { type: string; id: string } | null {
  for (const declaration of types) {
    if (!declaration.recordRoute) continue;
    const match = matchPath({ path: declaration.recordRoute, end: true }, pathname);
    const id = match?.params.id;
    if (id && UUID.test(id)) return { type: declaration.type, id };
  }
  return null;
}

/**
 * What the shell does for every page, with no code in the pages: opening a record page records a
 * recent item; `n` presses a list page's create button; `j` / `k` open the
 * next / previous record of the list the user came from.
 */
export function RecordKeys({ types }: { types: readonly SearchTypeDeclaration[] }) {
  const location = useLocation();
  const navigate = useNavigate();
  const visit = useRecordVisit();
  const record = currentRecord(types, location.pathname);
  const recorded = useRef<string | null>(null);
  const key = record ? `${record.type}:${record.id}` : null;
  const { mutate } = visit;
  useEffect(() => {
    if (!record || recorded.current === key) return;
    recorded.current = key;
    mutate(record);
  }, [key, record, mutate]);

  // A list page's create button: marked `data-shortcut="new"`, or by the convention its test id ends in `-create`.
  useShortcut('new', () => {
    if (record) return false;
    const candidates = document.querySelectorAll<HTMLElement>('[data-shortcut="new"], .xg-content [data-testid$="-create"]');
    const button = [...candidates].find((element) => element.offsetParent !== null && !element.hasAttribute('disabled'));
    if (!button) return false;
    button.click();
  });
  const step = (direction: 1 | -1) => {
    if (!record) return false;
    const next = neighbourOf(record.id, direction);
    if (!next) return false;
    navigate(location.pathname.replace(record.id, next));
  };
  useShortcut('next', () => step(1));
  useShortcut('previous', () => step(-1));
  return null;
}
