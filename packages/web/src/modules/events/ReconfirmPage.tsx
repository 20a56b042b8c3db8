import { Button, Flex } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { useEvent } from './api';
import { ReconfirmList } from './ReconfirmList';

/** The caller's reconfirmation list on a phone (the day-before job's "reconfirm" call list). */
export default function ReconfirmPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const event = useEvent(id);
  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={`${t('events.ops.reconfirm.title')}${event.data ? ` · ${event.data.theme}` : ''}`}
        extra={
          <Link to={`/events/${id}`}>
            <Button icon={<ArrowLeftOutlined />} />
          </Link>
        }
      />
      <ReconfirmList eventId={id} />
    </Flex>
  );
}
