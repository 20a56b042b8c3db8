import { App, Button, Card, Table, Tag, Tooltip, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ScheduledJobRow } from '@xiaoguan/shared';
import { renderMessage, translateOr } from '../../core/i18n';
import { useCan } from '../../core/session';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useRunJob, useScheduledJobs } from './api';

function StatusTag({ job }: { job: ScheduledJobRow }) {
  const { t } = useTranslation();
  if (job.running) return <Tag color="processing">{t('settings.jobs.running')}</Tag>;
  if (!job.lastStatus) return <Tag>{t('settings.jobs.never')}</Tag>;
  if (job.lastStatus === 'failed')
    return (
      <Tooltip title={job.lastError}>
        <Tag color="error">{t('settings.jobs.failed')}</Tag>
      </Tooltip>
    );
  const detail = renderMessage(job.lastResult, job.lastStatus.startsWith('ok: ') ? job.lastStatus.slice(4) : '') || null;
  return (
    <span>
      <Tag color="success">{t('settings.jobs.ok')}</Tag>
      {detail ? <Typography.Text type="secondary">{detail}</Typography.Text> : null}
    </span>
  );
}

/** Scheduled jobs (nightly RFM, overdue warnings, reminders …): schedule, last run, and "run now" for admin. */
export default function JobsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const jobs = useScheduledJobs();
  const run = useRunJob();
  return (
    <>
      <PageHeader title={t('settings.jobs.title')} subtitle={t('settings.jobs.subtitle')} />
      {jobs.error ? <ErrorAlert error={jobs.error} /> : null}
      {run.error ? <ErrorAlert error={run.error} /> : null}
      <Card>
        <Table<ScheduledJobRow>
          rowKey="name"
          loading={jobs.isLoading}
          dataSource={jobs.data ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(job) => ({ 'data-testid': `job-row-${job.name}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('settings.jobs.columns.name'),
              key: 'name',
              render: (_, job) => (
                <div>
                  <div>{translateOr(`settings.jobs.names.${job.name.replaceAll('.', '_').replaceAll('-', '_')}`, job.name)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <code>{job.cron}</code>
                  </Typography.Text>
                </div>
              ),
            },
            { title: t('settings.jobs.columns.nextRunAt'), key: 'next', render: (_, job) => <DateTimeText value={job.nextRunAt} /> },
            {
              title: t('settings.jobs.columns.lastFinishedAt'),
              key: 'last',
              render: (_, job) => <DateTimeText value={job.lastFinishedAt} />,
            },
            { title: t('settings.jobs.columns.status'), key: 'status', render: (_, job) => <StatusTag job={job} /> },
            {
              title: '',
              key: 'run',
              width: 120,
              render: (_, job) =>
                can('settings.write') ? (
                  <Button
                    size="small"
                    icon={<PlayCircleOutlined />}
                    disabled={job.running}
                    loading={run.isPending && run.variables === job.name}
                    data-testid={`job-run-${job.name}`}
                    onClick={() => run.mutate(job.name, { onSuccess: () => message.success(t('settings.jobs.started')) })}
                  >
                    {t('settings.jobs.runNow')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </>
  );
}
