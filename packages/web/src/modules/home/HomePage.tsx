import { Suspense, useMemo, useState } from 'react';
import { Avatar, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Typography } from 'antd';
import {
  AuditOutlined,
  BellOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  LockOutlined,
  LoginOutlined,
  SendOutlined,
  StopOutlined,
  TeamOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { HomeSummary } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe, useTimeZone } from '../../core/session';
import { inZone } from '../../core/time';
import { Chart, type ChartOption } from '../../components/Chart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RoleTags } from '../../components/RoleTags';
import { useOrgUnits } from '../org';
import { homeCards } from './slots';
import { useHomeSummary } from './api';

type CardKey = HomeSummary['cards'][number]['key'];

const CARD_ICONS: Record<CardKey, ReactNode> = {
  pendingApprovals: <CheckSquareOutlined />,
  myOpenRequests: <SendOutlined />,
  unreadNotifications: <BellOutlined />,
  teamMembers: <TeamOutlined />,
  directReports: <UserSwitchOutlined />,
  activeUsers: <UserOutlined />,
  disabledUsers: <StopOutlined />,
  lockedUsers: <LockOutlined />,
  orgUnits: <ClusterOutlined />,
  auditEventsToday: <AuditOutlined />,
  loginsToday: <LoginOutlined />,
};

const PALETTE = ['#1f4fa3', '#3a7bd5', '#52c41a', '#faad14', '#13c2c2', '#eb2f96', '#722ed1', '#fa541c', '#2f54eb', '#a0d911', '#8c8c8c'];

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const timeZone = useTimeZone();
  const navigate = useNavigate();
  const summary = useHomeSummary();
  const units = useOrgUnits();
  const [now] = useState(() => new Date());

  const roleOption = useMemo<ChartOption | null>(() => {
    const members = summary.data?.team.members ?? [];
    if (!members.length) return null;
    const counts = new Map<string, number>();
    for (const member of members) for (const role of member.roles) counts.set(role, (counts.get(role) ?? 0) + 1);
    return {
      color: PALETTE,
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '44%'],
          // Counts inside the ring, names in the legend: nothing to truncate on a phone.
          label: { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' },
          data: [...counts].map(([role, value]) => ({ name: t(`common.roles.${role}`), value })),
        },
      ],
    };
  }, [summary.data, t]);

  const unitOption = useMemo<ChartOption | null>(() => {
    const list = (units.data ?? []).filter((unit) => !unit.disabled && unit.kind !== 'company' && unit.memberCount > 0);
    if (!list.length) return null;
    const top = [...list]
      .sort((a, b) => b.memberCount - a.memberCount)
      .slice(0, 12)
      .reverse();
    return {
      color: PALETTE,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((unit) => unit.name), axisLabel: { width: 110, overflow: 'truncate' } },
      series: [{ type: 'bar', name: t('home.charts.people'), data: top.map((unit) => unit.memberCount), barMaxWidth: 18 }],
    };
  }, [units.data, t]);

  const team = summary.data?.team;
  return (
    <>
      <Flex justify="space-between" align="flex-end" wrap gap={8} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
            {t('home.greeting', { name: me.displayName })}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('home.today', { date: inZone(now, timeZone).format(t('home.dateFormat')) })}
          </Typography.Text>
        </div>
      </Flex>
      <ErrorAlert error={summary.error} onReload={() => void summary.refetch()} />
      {homeCards.values().map(({ key, Component }) => (
        <Suspense key={key} fallback={null}>
          <Component />
        </Suspense>
      ))}
      <Row gutter={[16, 16]} data-testid="home-cards">
        {summary.isPending
          ? Array.from({ length: 4 }, (_, index) => (
              <Col key={index} xs={12} sm={12} md={8} xl={6}>
                <Card>
                  <Skeleton active paragraph={false} />
                </Card>
              </Col>
            ))
          : summary.data?.cards.map((card) => (
              <Col key={card.key} xs={12} sm={12} md={8} xl={6}>
                <Card
                  className={card.link ? 'xg-clickable' : undefined}
                  onClick={card.link ? () => navigate(card.link!) : undefined}
                  data-testid={`home-card-${card.key}`}
                  styles={{ body: { padding: 16 } }}
                >
                  <Statistic
                    title={
                      <Flex gap={6} align="center">
                        <span style={{ color: '#1f4fa3' }}>{CARD_ICONS[card.key]}</span>
                        <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                          {t(`home.cards.${card.key}`)}
                        </span>
                      </Flex>
                    }
                    value={card.value}
                  />
                </Card>
              </Col>
            ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={10}>
          <Card
            title={team?.name ? t('home.team.titleWithName', { name: team.name }) : t('home.team.title')}
            data-testid="home-team"
            styles={{ body: { padding: 8 } }}
          >
            {summary.isPending ? (
              <Skeleton active />
            ) : team?.members.length ? (
              <div style={{ maxHeight: 420, overflow: 'auto' }}>
                {team.members.map((member) => (
                  <Flex
                    key={member.id}
                    align="center"
                    gap={12}
                    style={{ padding: '8px 8px', borderBottom: '1px solid #f5f5f5' }}
                    data-testid={`team-member-${member.id}`}
                  >
                    <Avatar style={{ backgroundColor: member.id === me.id ? '#1f4fa3' : '#8c9bb5', flex: 'none' }}>
                      {member.displayName.slice(0, 1)}
                    </Avatar>
                    <div style={{ minWidth: 0 }}>
                      <div style={{ fontWeight: 500 }}>{member.displayName}</div>
                      <RoleTags roles={member.roles} />
                    </div>
                  </Flex>
                ))}
              </div>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.team.empty')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Row gutter={[16, 16]}>
            <Col xs={24}>
              <Card title={t('home.charts.byRole')}>
                {roleOption ? (
                  <Chart option={roleOption} height={260} ariaLabel={t('home.charts.byRole')} />
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                )}
              </Card>
            </Col>
            <Col xs={24}>
              <Card title={t('home.charts.byUnit')}>
                {unitOption ? (
                  <Chart option={unitOption} height={300} ariaLabel={t('home.charts.byUnit')} />
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                )}
              </Card>
            </Col>
          </Row>
        </Col>
      </Row>
    </>
  );
}
