import { Button, Card, Flex, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useTimeZone } from '../../core/session';
import { inZone } from '../../core/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useInvitationBadge } from './api-onsite';

/**
 * A printable / sendable invitation with the check-in QR code (issue 17 item 1): theme, time,
 * place and the guest's name; the code itself carries nothing but the invitation's token.
 */
export default function BadgePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const badge = useInvitationBadge(id);
  if (badge.error) return <ErrorAlert error={badge.error} />;
  const b = badge.data;
  return (
    <div style={{ maxWidth: 420, margin: '0 auto' }}>
      <Flex justify="space-between" align="center" className="no-print" style={{ marginBottom: 8 }}>
        {b ? (
          <Link to={`/events/${b.eventId}`}>
            <ArrowLeftOutlined /> {b.eventTheme}
          </Link>
        ) : (
          <span />
        )}
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="badge-print">
          {t('events.onsite.print')}
        </Button>
      </Flex>
      <Card loading={!b} data-testid="invitation-badge">
        {b ? (
          <Flex vertical align="center" gap={4} style={{ textAlign: 'center' }}>
            <Typography.Text type="secondary">{t('events.onsite.invitationTitle')}</Typography.Text>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {b.eventTheme}
            </Typography.Title>
            <Typography.Text>
              {inZone(b.startsAt, timeZone).format('YYYY-MM-DD HH:mm')} – {inZone(b.endsAt, timeZone).format('HH:mm')}
            </Typography.Text>
            <Typography.Text>{[b.venue, b.address].filter(Boolean).join(' · ')}</Typography.Text>
            <img
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(b.qrSvg)}`}
              alt={t('events.onsite.qrAlt')}
              style={{ width: 240, height: 240, margin: '12px 0' }}
              data-testid="badge-qr"
            />
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="badge-name">
              {b.customerName}
            </Typography.Title>
            {b.seat ? <Typography.Text>{t('events.onsite.seat', { seat: b.seat })}</Typography.Text> : null}
            <Typography.Text
              type="secondary"
              copyable={{ text: b.token }}
              style={{ fontFamily: 'monospace', fontSize: 12 }}
              data-testid="badge-token"
            >
              {b.token}
            </Typography.Text>
            <Typography.Text type="secondary">{t('events.onsite.showAtDoor')}</Typography.Text>
          </Flex>
        ) : null}
      </Card>
    </div>
  );
}
