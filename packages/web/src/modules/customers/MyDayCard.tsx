import { Card, Col, Row, Skeleton, Statistic } from 'antd';
import { ArrowRightOutlined, CalendarOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useCan } from '../../core/session';
import { useMyDay, type MyDay } from './api';

const KEYS: readonly (keyof MyDay['counts'])[] = ['dueToday', 'overdueTasks', 'overdueCustomers', 'poolWarnings'];
const ALERT_COLOR: Record<keyof MyDay['counts'], string | undefined> = {
  dueToday: undefined,
  upcoming: undefined,
  overdueTasks: '#cf1322',
  overdueCustomers: '#d4380d',
  poolWarnings: '#d48806',
};

/** The home page's link to "my day", with its counts; only for those who work customers. */
export function MyDayCard() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const enabled = can('customers.read') && can('customers.write');
  const myDay = useMyDay(enabled);
  if (!enabled || myDay.error) return null;
  return (
    <Card
      className="xg-clickable"
      style={{ marginBottom: 16 }}
      styles={{ body: { padding: 16 } }}
      onClick={() => navigate('/my-day')}
      title={
        <span>
          <CalendarOutlined style={{ color: '#1f4fa3', marginInlineEnd: 8 }} />
          {t('customers.myDay.homeCard')}
        </span>
      }
      extra={
        <Link to="/my-day" onClick={(event) => event.stopPropagation()} data-testid="home-my-day">
          {t('customers.myDay.homeOpen')} <ArrowRightOutlined />
        </Link>
      }
      data-testid="home-my-day-card"
    >
      {myDay.data ? (
        <Row gutter={[16, 8]}>
          {KEYS.map((key) => (
            <Col xs={12} md={6} key={key}>
              <Statistic
                title={t(`customers.myDay.counts.${key}`)}
                value={myDay.data.counts[key]}
                styles={{ content: { fontSize: 22, color: myDay.data.counts[key] > 0 ? ALERT_COLOR[key] : undefined } }}
              />
            </Col>
          ))}
        </Row>
      ) : (
        <Skeleton active paragraph={false} />
      )}
    </Card>
  );
}
