import { Suspense, useState } from 'react';
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
import { ErrorAlert } from '../../components/ErrorAlert';
import { RoleTags } from '../../components/RoleTags';
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

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const timeZone = useTimeZone();
  const navigate = useNavigate();
  const summary = useHomeSummary();
  const [now] = useState(() => new Date());

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
        <Col xs={24}>
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
      </Row>
    </>
  );
}
