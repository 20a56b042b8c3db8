import type { ReactNode } from 'react';
import { App, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Logo } from '../../core/Logo';
import { LanguageSwitch } from '../../core/LanguageSwitch';

/** The frame of the pages shown outside the shell: sign-in, setup, agreement, forced password change. */
export function AuthCard({
  title,
  children,
  wide = false,
  extra,
}: {
  title: ReactNode;
  children: ReactNode;
  wide?: boolean;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <App component={false}>
      <div className="xg-auth-page">
        <Card className={`xg-auth-card${wide ? ' xg-auth-wide' : ''}`} style={{ boxShadow: '0 12px 40px rgba(16, 42, 92, 0.18)' }}>
          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
            <Flex align="center" gap={10}>
              <Logo size={36} />
              <div>
                <div style={{ fontWeight: 700, fontSize: 18, lineHeight: 1.2 }}>{t('app.brand')}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('auth.login.subtitle')}
                </Typography.Text>
              </div>
            </Flex>
            <Flex align="center" gap={4}>
              {extra}
              <LanguageSwitch compact />
            </Flex>
          </Flex>
          <Typography.Title level={4} style={{ marginTop: 16 }}>
            {title}
          </Typography.Title>
          {children}
        </Card>
      </div>
    </App>
  );
}
