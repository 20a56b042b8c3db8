import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { App, Button, Card, Flex, Input, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MarketReport } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { usePublishReport, useReport, useSaveReport } from './api';
import { ReportContent } from './ReportContent';
import { ReportStatusTag } from './labels';

function SummaryEditor({ report }: { report: MarketReport }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [summary, setSummary] = useState(report.summary);
  const save = useSaveReport(report.id);
  const publish = usePublishReport(report.id);
  const dirty = summary !== report.summary;
  return (
    <>
      <Input.TextArea
        rows={5}
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        placeholder={t('market.reports.summaryPlaceholder')}
        maxLength={20_000}
        data-testid="report-summary"
      />
      <ErrorAlert error={save.error ?? publish.error} style={{ marginTop: 12 }} />
      <Flex gap={8} style={{ marginTop: 12 }} wrap>
        <Button
          disabled={!dirty}
          loading={save.isPending}
          data-testid="report-save"
          onClick={() =>
            save.mutate({ summary, version: report.version }, { onSuccess: () => void message.success(t('market.reports.saved')) })
          }
        >
          {t('market.reports.save')}
        </Button>
        <Button
          type="primary"
          disabled={dirty}
          loading={publish.isPending}
          data-testid="report-publish"
          onClick={() => publish.mutate(report.version, { onSuccess: () => void message.success(t('market.reports.published')) })}
        >
          {t('market.reports.publish')}
        </Button>
      </Flex>
    </>
  );
}

/** One team's week: the supervisor's notes (editable while a draft) above the generated figures. */
export default function ReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useReport(id);
  if (query.error) return <ErrorAlert error={query.error} onReload={() => void query.refetch()} />;
  const report = query.data;
  if (!report) return <Skeleton active />;
  return (
    <>
      <PageHeader
        title={`${report.teamName} · ${report.weekStart}`}
        subtitle={t('market.reports.title')}
        extra={<ReportStatusTag value={report.status} />}
      />
      <Card size="small" title={t('market.fields.summary')} style={{ marginBottom: 16 }} data-testid="report-summary-card">
        {report.abilities.update ? (
          <SummaryEditor key={report.version} report={report} />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="report-summary-text">
              {report.summary || '—'}
            </Typography.Paragraph>
            {report.publishedAt ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('market.reports.publishedBy', { name: report.publishedByName ?? '' })} <DateTimeText value={report.publishedAt} />
              </Typography.Text>
            ) : null}
          </Space>
        )}
      </Card>
      <ReportContent content={report.content} />
    </>
  );
}
