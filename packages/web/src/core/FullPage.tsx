import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert';

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}

export function FullPageError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div style={{ maxWidth: 560, margin: '15vh auto', padding: 16 }}>
      <ErrorAlert error={error} onReload={onRetry} />
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('app.notFound.title')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.notFound.back')}</Button>
        </Link>
      }
    />
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return <Result status="403" title={t('app.forbidden.title')} subTitle={t('app.forbidden.text')} data-testid="forbidden" />;
}

/** Shown when a page crashes or its code chunk cannot be loaded (e.g. after a deploy). */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <Result
      status="error"
      title={t('app.crashed.title')}
      subTitle={isRouteErrorResponse(error) ? `${error.status}` : undefined}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('app.crashed.retry')}
        </Button>
      }
    />
  );
}
