import { Suspense, lazy, useEffect } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { MeProvider, useMeQuery } from '../core/session';
import { applyLocale, currentLocale } from '../core/i18n';
import { FullPageError, FullPageSpin } from '../core/FullPage';
import { ChangePasswordPage, ConfidentialityPage } from '../modules/auth';

const Shell = lazy(() => import('./Shell'));

/**
 * The gate in front of every signed-in page: no session → sign-in; R-SEC-1 agreement not yet
 * acknowledged → the agreement, before anything else; a password to change → that form.
 */
export function RequireSession() {
  const { data: me, isPending, error, refetch } = useMeQuery();
  const location = useLocation();
  const locale = me?.locale;

  useEffect(() => {
    // The language saved on the profile follows the user to any browser.
    if (locale && locale !== currentLocale()) void applyLocale(locale);
  }, [locale]);

  if (isPending) return <FullPageSpin />;
  if (error) return <FullPageError error={error} onRetry={() => void refetch()} />;
  if (!me) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const page = !me.confidentialityAcknowledgedAt ? <ConfidentialityPage /> : me.mustChangePassword ? <ChangePasswordPage /> : <Shell />;
  return (
    <MeProvider me={me}>
      <Suspense fallback={<FullPageSpin />}>{page}</Suspense>
    </MeProvider>
  );
}
