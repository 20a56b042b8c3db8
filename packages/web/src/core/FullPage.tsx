import { useEffect, useRef, useState } from 'react';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert';
import { isChunkLoadError, reloadForNewVersion } from './newVersion';

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
  const error = useRouteError();
  // After a deploy the old chunks are gone: load the new version instead of reporting a crash.
  const [reloadFailed, setReloadFailed] = useState(false);
  if (isChunkLoadError(error) && !reloadFailed) return <NewVersionPage onGiveUp={() => setReloadFailed(true)} />;
  return <CrashedPage error={error} />;
}

function NewVersionPage({ onGiveUp }: { onGiveUp: () => void }) {
  const { t } = useTranslation();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // Reloaded moments ago and still failing: a real outage, not a deploy.
    if (!reloadForNewVersion()) onGiveUp();
  }, [onGiveUp]);
  return (
    <Result
      status="info"
      icon={<Spin size="large" />}
      title={t('app.newVersion.title')}
      subTitle={t('app.newVersion.text')}
      data-testid="new-version"
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('app.newVersion.reload')}
        </Button>
      }
    />
  );
}

function CrashedPage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  useEffect(() => console.error(error), [error]);
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
