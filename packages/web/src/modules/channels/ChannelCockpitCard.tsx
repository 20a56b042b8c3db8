import { Link } from 'react-router-dom';
import { Card, Col, List, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { MoneyText } from '../../components/MoneyText';
import { useCan } from '../../core/session';
import { useChannelCockpit } from './api';

/** The channel role's cockpit card on the home page (issue 21 item 5). */
export function ChannelCockpitCard() {
  const { t } = useTranslation();
  const can = useCan();
  const show = can('channels.manage');
  const cockpit = useChannelCockpit(show);
  const c = cockpit.data;
  if (!show || !c) return null;
  return (
    <Card size="small" title={t('channels.cockpit.title', { period: c.period })} style={{ marginBottom: 16 }} data-testid="channel-cockpit">
      <Row gutter={[16, 12]}>
        <Col xs={12} md={6}>
          <Statistic title={t('channels.cockpit.partners')} value={`${c.partners.gold} / ${c.partners.silver} / ${c.partners.bronze}`} />
        </Col>
        <Col xs={12} md={6}>
          <Link to="/channels/registrations">
            <Statistic title={t('channels.cockpit.pending')} value={c.pendingRegistrations} />
          </Link>
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('channels.cockpit.protected')} value={c.activeRegistrations} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('channels.cockpit.conflicts')}
            value={c.conflicts}
            valueStyle={c.conflicts ? { color: '#cf1322' } : undefined}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('channels.cockpit.renewals')} value={c.renewalsDue} />
        </Col>
        <Col xs={12} md={6}>
          <Link to="/channels/rebates">
            <Statistic title={t('channels.cockpit.statements')} value={c.statementsToApprove} />
          </Link>
        </Col>
        <Col xs={24} md={12}>
          <Statistic title={t('channels.cockpit.orders')} valueRender={() => <MoneyText cents={c.ordersCents} />} />
        </Col>
        {c.top.length ? (
          <Col xs={24}>
            <List
              size="small"
              header={t('channels.cockpit.top')}
              dataSource={c.top}
              renderItem={(item) => (
                <List.Item extra={<MoneyText cents={item.ordersCents} />}>
                  <Link to={`/channels/partners/${item.partnerId}`}>{item.partnerName}</Link>
                </List.Item>
              )}
            />
          </Col>
        ) : null}
      </Row>
    </Card>
  );
}
