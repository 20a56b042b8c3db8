import { Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { TeamMember } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { DataTable } from '../../components/DataTable';
import { useTeam } from './api';

/** Team development (issue 20, the supervisor): each member's training figures, gaps and suggested sessions. */
export default function TeamPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const team = useTeam();
  const columns: ColumnsType<TeamMember> = [
    { title: t('training.team.columns.name'), dataIndex: 'userName', width: 110, fixed: 'left' },
    { title: t('training.team.columns.attended'), dataIndex: 'sessionsAttended', width: 90, align: 'right' },
    { title: t('training.team.columns.passed'), dataIndex: 'examsPassed', width: 100, align: 'right' },
    {
      title: t('training.team.columns.skills'),
      render: (_, m) => (m.skillsPercent === null ? '—' : `${m.skillsPercent}%`),
      width: 90,
      align: 'right',
    },
    {
      title: t('training.team.columns.certs'),
      width: 140,
      render: (_, m) => (
        <Space size={4} wrap>
          <span>{m.validCertifications}</span>
          {m.expiringCertifications ? <Tag color="warning">{t('training.team.expiring', { count: m.expiringCertifications })}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('training.team.columns.missing'),
      width: 180,
      render: (_, m) => (
        <Space size={4} wrap>
          {m.missingCertifications.map((name) => (
            <Tag color="error" key={name}>
              {name}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('training.team.columns.suggested'),
      width: 220,
      render: (_, m) => (
        <Space size={4} wrap onClick={(e) => e.stopPropagation()}>
          {m.suggested.map((s) => (
            <Link key={s.id} to={`/training/sessions/${s.id}`}>
              {s.title}
            </Link>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('training.team.title')}
        subtitle={<Typography.Text type="secondary">{t('training.team.subtitle')}</Typography.Text>}
      />
      <DataTable
        data={team.data}
        loading={team.isLoading}
        error={team.error}
        rowKey={(m) => m.userId}
        rowTestKey={(m) => m.userName}
        testId="training-team"
        columns={columns}
        onRowClick={(m) => navigate(`/training/people/${m.userId}`)}
      />
    </>
  );
}
