import { Button, Dropdown } from 'antd';
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../core/api';

/**
 * The event's printable sign-in sheet and badges (PDF, in the reader's language; issue 17 item 10).
 * Organisers print both; door staff the sheet (badges carry the check-in codes).
 */
export function PrintMenu({ eventId, badges }: { eventId: string; badges: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const link = (doc: 'sign-in-sheet' | 'badges', label: string) => (
    <a href={apiUrl(`/events/${eventId}/${doc}.pdf`, { lang })} target="_blank" rel="noreferrer" data-testid={`event-print-${doc}`}>
      {label}
    </a>
  );
  const items = [
    { key: 'sheet', icon: <FilePdfOutlined />, label: link('sign-in-sheet', t('events.onsite.printSheet')) },
    ...(badges ? [{ key: 'badges', icon: <FilePdfOutlined />, label: link('badges', t('events.onsite.printBadges')) }] : []),
  ];
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      <Button icon={<PrinterOutlined />} data-testid="event-print">
        {t('events.onsite.print')}
      </Button>
    </Dropdown>
  );
}
