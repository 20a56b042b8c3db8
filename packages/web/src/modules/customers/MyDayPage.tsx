import { useState, type ReactNode } from 'react';
import { Button, Card, Col, Empty, Flex, Row, Segmented, Skeleton, Statistic, Tag, Typography } from 'antd';
import {
  AlertOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  EditOutlined,
  ScheduleOutlined,
  UserDeleteOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { Customer, Task } from '@xiaoguan/shared';
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
import { TaskSource } from './TaskSource';

type CountKey = keyof MyDay['counts'];

const COUNT_META: Record<CountKey, { icon: ReactNode; color: string }> = {
  dueToday: { icon: <CalendarOutlined />, color: '#1f4fa3' },
  upcoming: { icon: <ScheduleOutlined />, color: '#1f4fa3' },
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

/** Issue 16: follow-ups of the next 7 days, as a list or a week of day columns (today's included). */
function Upcoming({ data }: { data: MyDay | undefined }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const [view, setView] = useState<'list' | 'week'>('list');
  const [today] = useState(() => inZone(new Date(), timeZone).startOf('day'));
  const days = Array.from({ length: 8 }, (_, index) => today.add(index, 'day'));
  const dayOf = (task: Task) => inZone(task.dueAt, timeZone).format('YYYY-MM-DD');
  const weekTasks = data ? [...data.dueTasks.filter((task) => task.state !== 'overdue'), ...data.upcomingTasks] : [];
  const taskLine = (task: Task, showDay: boolean) => (
    <div
      key={task.id}
      style={{ padding: '6px 0', borderBottom: '1px solid #f3f4f6', minWidth: 0 }}
      data-testid={`myday-upcoming-${task.id}`}
    >
      <Typography.Text style={{ fontWeight: 500 }} ellipsis={{ tooltip: task.title }}>
        {task.title}
      </Typography.Text>
      <div style={{ fontSize: 12 }}>
        <TaskSource task={task} />
        <Typography.Text type="secondary" style={{ marginInlineStart: 8, whiteSpace: 'nowrap' }}>
          {showDay ? formatDateTime(task.dueAt, timeZone) : inZone(task.dueAt, timeZone).format('HH:mm')}
        </Typography.Text>
      </div>
    </div>
  );
  return (
    <Card
      title={
        <Flex gap={8} align="center">
          {t('customers.myDay.upcoming')}
          {data ? <Tag style={{ marginInlineEnd: 0 }}>{data.counts.upcoming}</Tag> : null}
        </Flex>
      }
      extra={
        <Segmented
          size="small"
          value={view}
          onChange={(value) => setView(value as 'list' | 'week')}
          options={[
            { value: 'list', label: t('customers.myDay.viewList') },
            { value: 'week', label: t('customers.myDay.viewWeek') },
          ]}
          data-testid="myday-upcoming-view"
        />
      }
      style={{ marginTop: 16 }}
      styles={{ body: { paddingBlock: 8 } }}
      data-testid="myday-upcoming"
    >
      {!data ? (
        <Skeleton active />
      ) : view === 'list' ? (
        data.upcomingTasks.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.myDay.noUpcoming')} />
        ) : (
          data.upcomingTasks.map((task) => taskLine(task, true))
        )
      ) : (
        <Row gutter={[8, 8]} data-testid="myday-week">
          {days.slice(0, 7).map((day, index) => {
            const key = day.format('YYYY-MM-DD');
            const tasks = weekTasks.filter((task) => dayOf(task) === key);
            return (
              <Col key={key} xs={24} sm={12} md={8} xl={{ flex: `${100 / 7}%` }} data-testid={`myday-week-${key}`}>
                <div style={{ background: index === 0 ? '#f0f5ff' : '#fafafa', borderRadius: 6, padding: 8, minHeight: 96 }}>
                  <Typography.Text strong style={{ fontSize: 12 }}>
                    {index === 0 ? t('customers.myDay.today') : day.format(t('customers.myDay.weekDayFormat'))}
                  </Typography.Text>
                  {tasks.length === 0 ? (
                    <div style={{ fontSize: 12, color: '#9ca3af', paddingTop: 6 }}>{t('customers.myDay.nothingThisDay')}</div>
                  ) : (
                    tasks.map((task) => taskLine(task, false))
                  )}
                </div>
              </Col>
            );
          })}
        </Row>
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
    upcoming: '/tasks?state=open',
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
          <Col key={key} xs={12} md={8} xl={{ flex: '20%' }}>
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
                      <TaskSource task={task} />
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
      <Upcoming data={data} />
      {seesOthers ? <TeamAlerts /> : null}
      {logging ? <InteractionDrawer customer={logging} onClose={() => setLogging(null)} /> : null}
    </>
  );
}
