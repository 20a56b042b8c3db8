import { Button, Flex, Skeleton, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLogout } from '../../core/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AuthCard } from './AuthCard';
import { useAcknowledgeConfidentiality, useConfidentialityText } from './api';

/** R-SEC-1: every user acknowledges the confidentiality agreement on first sign-in, before anything else. */
export default function ConfidentialityPage() {
  const { t } = useTranslation();
  const text = useConfidentialityText();
  const acknowledge = useAcknowledgeConfidentiality();
  const logout = useLogout();
  return (
    <AuthCard
      wide
      title={
        <Flex align="center" gap={8}>
          <SafetyCertificateOutlined style={{ color: '#1f4fa3' }} />
          {t('auth.confidentiality.title')}
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('auth.confidentiality.intro')}</Typography.Paragraph>
      <ErrorAlert error={text.error ?? acknowledge.error} onReload={text.error ? () => void text.refetch() : undefined} />
      {text.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <div className="xg-confidentiality-text" data-testid="confidentiality-text">
          {text.data?.text}
        </div>
      )}
      <Flex justify="flex-end" gap={8} wrap style={{ marginTop: 20 }}>
        <Button onClick={() => logout.mutate()} data-testid="confidentiality-decline">
          {t('auth.confidentiality.decline')}
        </Button>
        <Button
          type="primary"
          disabled={!text.data}
          loading={acknowledge.isPending}
          onClick={() => acknowledge.mutate()}
          data-testid="confidentiality-accept"
        >
          {t('auth.confidentiality.accept')}
        </Button>
      </Flex>
    </AuthCard>
  );
}
