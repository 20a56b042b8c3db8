import { useState, type ReactNode } from 'react';
import { Button, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { AlertOutlined, CalendarOutlined, ClockCircleOutlined, EditOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { Customer } from '@xiaoguan/shared';
import { useMe, useTimeZone } from '../../core/session';
import { formatDateTime, inZone } from '../../core/time';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCustomers, useMyDay, type MyDay } from './api';
import { useSeesOthers } from '../../components/useSeesOthers';
import { InteractionDrawer } from './InteractionDrawer';
import { CadenceBadge, TierTag } from './labels';
import { TaskCheck, useCompleteTask } from './TaskTable';

type CountKey = keyof MyDay['counts'];

const COUNT_META: Record<CountKey, { icon: ReactNode; color: string }> = {
  dueToday: { icon: <CalendarOutlined />, color: '#1f4fa3' },
  overdueTasks: { icon: <ClockCircleOutlined />, color: '#cf1322' },
  overdueCustomers: { icon: <AlertOutlined />, color: '#d4380d' },
  poolWarnings: { icon: <UserDeleteOutlined />, color: '#d48806' },
};

function Row1({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <Flex align="center" gap={12} style={{ padding: '10px 4px', borderBottom: '1px solid #f3f4f6' }} data-testid={testId}>
      {children}
    </Flex>
  );
}

/** R-CUS-1 "the supervisor's alert list": overdue customers of everyone the caller sees. */
function TeamAlerts() {
  const { t } = useTranslation();
  const overdue = useCustomers({ page: 1, pageSize: 10, overdue: 'true', sort: 'dueAt' });
  const data = overdue.data;
  return (
    <Card
      title={
        <Flex gap={8} align="center">
          {t('customers.myDay.teamAlerts')}
          {data ? (
            <Tag color={data.total ? 'error' : 'default'} style={{ marginInlineEnd: 0 }}>
              {data.total}
            </Tag>
          ) : null}
        </Flex>
      }
      extra={<Link to="/customers?overdue=true&sort=dueAt">{t('customers.myDay.allCustomers')}</Link>}
      styles={{ body: { paddingBlock: 4 } }}
      style={{ marginTop: 16 }}
      data-testid="myday-team-alerts"
    >
      <ErrorAlert error={overdue.error} onReload={() => void overdue.refetch()} />
      {!data ? (
        <Skeleton active />
      ) : data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.myDay.noTeamAlerts')} />
      ) : (
        data.items.map((customer) => (
          <Row1 key={customer.id} testId={`myday-team-${customer.id}`}>
            <div style={{ minWidth: 0, flex: 1 }}>
              <Flex gap={6} align="center" wrap>
                <Link to={`/customers/${customer.id}`} style={{ fontWeight: 500 }}>
                  {customer.name}
                </Link>
                <TierTag tier={customer.tier} />
                <CadenceBadge customer={customer} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[customer.ownerName, customer.teamName].filter(Boolean).join(' · ')}
              </Typography.Text>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {t('customers.fields.lastContactAt')}
              {t('customers.colon')}
              {customer.lastContactAt ? <DateTimeText value={customer.lastContactAt} dateOnly /> : t('customers.detail.never')}
            </Typography.Text>
          </Row1>
        ))
      )}
    </Card>
  );
}

/** The rep's "today": follow-ups due by tonight (and overdue), customers past their cadence. */
export default function MyDayPage() {
  const { t } = useTranslation();
  const me = useMe();
  const timeZone = useTimeZone();
  const navigate = useNavigate();
  const myDay = useMyDay();
  const complete = useCompleteTask();
  const [logging, setLogging] = useState<Customer | null>(null);
  const [now] = useState(() => new Date());
  const seesOthers = useSeesOthers();
  const data = myDay.data;

  const countLinks: Record<CountKey, string> = {
    dueToday: '/tasks',
    overdueTasks: '/tasks?state=overdue',
    overdueCustomers: `/customers?overdue=true&ownerId=${me.id}&sort=dueAt`,
    poolWarnings: `/customers?poolWarning=true&ownerId=${me.id}&sort=lastContactAt`,
  };

  return (
    <>
      <PageHeader
        title={t('customers.myDay.title')}
        subtitle={`${inZone(now, timeZone).format(t('home.dateFormat'))} · ${t('customers.myDay.subtitle')}`}
      />
      <ErrorAlert error={myDay.error} onReload={() => void myDay.refetch()} />
      <Row gutter={[12, 12]} data-testid="myday-counts">
        {(Object.keys(COUNT_META) as CountKey[]).map((key) => (
          <Col key={key} xs={12} md={6}>
            <Card
              className="xg-clickable"
              styles={{ body: { padding: 16 } }}
              onClick={() => navigate(countLinks[key])}
              data-testid={`myday-count-${key}`}
            >
              {data ? (
                <Statistic
                  title={
                    <Flex gap={6} align="center">
                      <span style={{ color: COUNT_META[key].color }}>{COUNT_META[key].icon}</span>
                      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                        {t(`customers.myDay.counts.${key}`)}
                      </span>
                    </Flex>
                  }
                  value={data.counts[key]}
                  styles={{ content: { color: data.counts[key] > 0 && key !== 'dueToday' ? COUNT_META[key].color : undefined } }}
                />
              ) : (
                <Skeleton active paragraph={false} />
              )}
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card
            title={t('customers.myDay.dueTasks')}
            extra={<Link to="/tasks">{t('customers.myDay.allTasks')}</Link>}
            styles={{ body: { paddingBlock: 4 } }}
            data-testid="myday-tasks"
          >
            {!data ? (
              <Skeleton active />
            ) : data.dueTasks.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.myDay.noTasks')} />
            ) : (
              data.dueTasks.map((task) => (
                <Row1 key={task.id} testId={`myday-task-${task.id}`}>
                  <TaskCheck task={task} complete={complete} />
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Typography.Text delete={Boolean(task.doneAt)} style={{ fontWeight: 500 }}>
                      {task.title}
                    </Typography.Text>
                    <div style={{ fontSize: 12 }}>
                      <Link to={`/customers/${task.customerId}`}>{task.customerName}</Link>
                    </div>
                  </div>
                  <Flex vertical align="flex-end" gap={2} style={{ flex: 'none' }}>
                    {task.state === 'overdue' ? (
                      <Tag color="error" style={{ marginInlineEnd: 0 }}>
                        {t('customers.myDay.overdueTag')}
                      </Tag>
                    ) : null}
                    <Typography.Text
                      type={task.state === 'overdue' ? 'danger' : 'secondary'}
                      style={{ fontSize: 12, whiteSpace: 'nowrap' }}
                    >
                      {t('customers.myDay.due', { time: formatDateTime(task.dueAt, timeZone) })}
                    </Typography.Text>
                  </Flex>
                </Row1>
              ))
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={t('customers.myDay.overdueCustomers')}
            extra={<Link to={countLinks.overdueCustomers}>{t('customers.myDay.allCustomers')}</Link>}
            styles={{ body: { paddingBlock: 4 } }}
            data-testid="myday-customers"
          >
            {!data ? (
              <Skeleton active />
            ) : data.overdueCustomers.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.myDay.noCustomers')} />
            ) : (
              data.overdueCustomers.map((customer) => (
                <Row1 key={customer.id} testId={`myday-customer-${customer.id}`}>
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Flex gap={6} align="center" wrap>
                      <Link to={`/customers/${customer.id}`} style={{ fontWeight: 500 }}>
                        {customer.name}
                      </Link>
                      <TierTag tier={customer.tier} />
                      <CadenceBadge customer={customer} />
                    </Flex>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('customers.fields.lastContactAt')}
                      {t('customers.colon')}
                      {customer.lastContactAt ? <DateTimeText value={customer.lastContactAt} dateOnly /> : t('customers.detail.never')}
                    </Typography.Text>
                  </div>
                  {customer.abilities.logInteraction ? (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setLogging(customer)}
                      data-testid={`myday-log-${customer.id}`}
                    >
                      {t('customers.myDay.log')}
                    </Button>
                  ) : null}
                </Row1>
              ))
            )}
          </Card>
        </Col>
      </Row>
      {seesOthers ? <TeamAlerts /> : null}
      {logging ? <InteractionDrawer customer={logging} onClose={() => setLogging(null)} /> : null}
    </>
  );
}
