import { Alert, Button, List, Modal, Progress, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkJob } from '@xiaoguan/shared';
import { api, apiUrl } from '../../core/api';
import { ErrorAlert } from '../ErrorAlert';

const RUNNING: BulkJob['status'][] = ['queued', 'running'];

/** A bulk job's state, polled each second while it runs. */
export function useBulkJob(jobId: string) {
  return useQuery({
    queryKey: ['bulk-jobs', jobId],
    queryFn: () => api.get<BulkJob>(`/bulk-jobs/${jobId}`),
    refetchInterval: (query) => (query.state.data && !RUNNING.includes(query.state.data.status) ? false : 1000),
  });
}

/**
 * A bulk action running as a background job (above the size one transaction takes): n of m, what
 * failed and why, and the result file once it ends. Closing it leaves the job running.
 */
export function BulkJobProgress({ jobId, onClose, testId = 'bulk-job' }: { jobId: string; onClose: () => void; testId?: string }) {
  const { t } = useTranslation();
  const { data: job, error } = useBulkJob(jobId);
  const queryClient = useQueryClient();
  const done = job ? !RUNNING.includes(job.status) : false;
  // The lists show the changed records once the job ends.
  useEffect(() => {
    if (done) void queryClient.invalidateQueries();
  }, [done, queryClient]);
  const total = job?.total ?? 0;
  const percent = total ? Math.floor(((job?.processed ?? 0) * 100) / total) : 0;
  return (
    <Modal
      open
      title={t('lists.bulk.jobTitle')}
      onCancel={onClose}
      footer={[
        done ? (
          <Button
            key="report"
            icon={<DownloadOutlined />}
            href={apiUrl(`/bulk-jobs/${jobId}/report`)}
            download
            data-testid={`${testId}-report`}
          >
            {t('lists.bulk.jobReport')}
          </Button>
        ) : null,
        <Button key="close" onClick={onClose} data-testid={`${testId}-close`}>
          {t('lists.bulk.jobClose')}
        </Button>,
      ]}
    >
      {error ? <ErrorAlert error={error} /> : null}
      {job ? (
        <div data-testid={testId} data-status={job.status}>
          <Typography.Paragraph>
            <Typography.Text strong data-testid={`${testId}-status`}>
              {t(`lists.bulk.jobStatus.${job.status}`)}
            </Typography.Text>{' '}
            <Typography.Text type="secondary" data-testid={`${testId}-progress`}>
              {t('lists.bulk.jobProgress', { processed: job.processed, total })}
            </Typography.Text>
          </Typography.Paragraph>
          <Progress
            percent={done && job.status === 'succeeded' ? 100 : percent}
            status={job.status === 'failed' ? 'exception' : done ? 'success' : 'active'}
          />
          {job.changed !== null ? (
            <Typography.Paragraph data-testid={`${testId}-summary`}>
              {t('lists.bulk.jobSummary', { changed: job.changed, unchanged: job.unchanged ?? 0, failed: job.failed ?? 0 })}
            </Typography.Paragraph>
          ) : null}
          {job.status === 'failed' ? (
            <Alert type="warning" showIcon title={t('lists.bulk.jobInterrupted')} style={{ marginBottom: 12 }} />
          ) : null}
          {job.failures.length ? (
            <List
              size="small"
              header={<Typography.Text strong>{t('lists.bulk.jobFailures')}</Typography.Text>}
              dataSource={job.failures}
              style={{ maxHeight: 240, overflow: 'auto' }}
              renderItem={(failure) => (
                <List.Item data-testid={`${testId}-failure`}>
                  <Typography.Text>{failure.name ?? failure.id}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {t(`lists.bulk.failureReasons.${failure.code}`)}
                  </Typography.Text>
                </List.Item>
              )}
            />
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}
