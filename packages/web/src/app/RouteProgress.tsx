import { useEffect, useState } from 'react';
import { useIsFetching } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';

/** Shown only when the wait is noticeable, so fast route changes do not flicker. */
const SHOW_AFTER_MS = 120;

/**
 * A thin bar at the top of the window while a route change is loading: the page's code (the
 * route's Suspense fallback shows then too) and the data it asks for. Fetches in the background
 * after the page is shown do not count: only those started within the route change.
 */
export function RouteProgress() {
  const { t } = useTranslation();
  const location = useLocation();
  const fetching = useIsFetching() > 0;
  const [changedAt, setChangedAt] = useState(0);
  const [visible, setVisible] = useState(false);

  useEffect(() => setChangedAt(Date.now()), [location.key]);

  const active = fetching && changedAt > 0 && Date.now() - changedAt < 10_000;
  useEffect(() => {
    if (!active) {
      setVisible(false);
      return;
    }
    const timer = window.setTimeout(() => setVisible(true), SHOW_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [active]);

  if (!visible) return null;
  return <div className="xg-route-progress" role="progressbar" aria-label={t('app.loading')} data-testid="route-progress" />;
}
