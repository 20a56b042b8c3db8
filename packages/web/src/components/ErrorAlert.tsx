import type { CSSProperties } from 'react';
import { Alert, Button } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { messageSchema } from '@xiaoguan/shared';
import { isApiError } from '../core/api';
import { renderMessage } from '../core/i18n';

/** A translated sentence for any error the API client can throw. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('common.errors.internal');
  if (error.status === 0) return t('common.errors.network');
  return t(`common.errors.${error.code}`, { rule: error.rule ?? '' });
}

interface ErrorAlertProps {
  error: unknown;
  /** Offered for 409 conflicts (and load failures): fetch the latest version. */
  onReload?: () => void;
  style?: CSSProperties;
}

export function ErrorAlert({ error, onReload, style }: ErrorAlertProps) {
  const { t } = useTranslation();
  if (!error) return null;
  const api = isApiError(error) ? error : null;
  // The server's own sentence helps when a rule or validation says no (in the reader's language when
  // the server sent it as a message, issue 22 item 8); ids help support.
  const said = api ? messageSchema.safeParse(api.data?.message) : null;
  const sentence = api ? renderMessage(said?.success ? said.data : null, api.message) : '';
  const details = [
    api && (api.code === 'rule' || api.code === 'validation') && sentence ? t('common.errors.detail', { message: sentence }) : null,
    api?.requestId ? t('common.errors.requestId', { id: api.requestId }) : null,
  ].filter(Boolean);
  return (
    <Alert
      type={api?.code === 'conflict' ? 'warning' : 'error'}
      showIcon
      style={{ marginBottom: 16, ...style }}
      data-testid="error-alert"
      title={errorMessage(t, error)}
      description={details.length ? details.join(' · ') : undefined}
      action={
        onReload ? (
          <Button size="small" icon={<ReloadOutlined />} onClick={onReload} data-testid="error-reload">
            {t('common.actions.reload')}
          </Button>
        ) : undefined
      }
    />
  );
}
