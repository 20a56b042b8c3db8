import { kindLabel } from './labels';
import { Button, Empty, Flex, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { ReportArchiveEntry } from '@xiaoguan/shared';
import { apiUrl } from '../../core/api';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useArchive } from './api';

/** Delivered reports with their files; a delivery notification opens `?id=<entry>`, highlighted here. */
export default function ArchivePage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const highlighted = search.get('id');
  const archive = useArchive();
  const columns = [
    {
      title: t('reports.archive.generatedAt'),
      key: 'generatedAt',
      render: (_: unknown, row: ReportArchiveEntry) => <DateTimeText value={row.generatedAt} />,
    },
    {
      title: t('reports.subscriptions.kind'),
      key: 'kind',
      render: (_: unknown, row: ReportArchiveEntry) => `${kindLabel(t, row.kind)} · ${t(`reports.periods.${row.period}`)}`,
    },
    {
      title: t('reports.archive.period'),
      key: 'period',
      render: (_: unknown, row: ReportArchiveEntry) => t('reports.page.range', { from: row.from, to: row.to }),
    },
    { title: t('reports.archive.scope'), dataIndex: 'scopeName', key: 'scope' },
    {
      title: t('reports.archive.files'),
      key: 'files',
      render: (_: unknown, row: ReportArchiveEntry) => (
        <Flex gap={8} wrap>
          {row.files.map((file) => (
            <Button
              key={file.format}
              size="small"
              icon={<DownloadOutlined />}
              href={apiUrl(`/reports/archive/${row.id}/${file.format}`)}
              data-testid={`archive-${file.format}`}
            >
              {file.format === 'xlsx' ? 'Excel' : 'PDF'}
            </Button>
          ))}
        </Flex>
      ),
    },
  ];
  return (
    <div data-testid="report-archive-page">
      <PageHeader title={t('reports.archive.title')} />
      {archive.error ? <ErrorAlert error={archive.error} /> : null}
      <Table
        rowKey="id"
        size="small"
        loading={archive.isLoading}
        columns={columns}
        dataSource={archive.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        rowClassName={(row) => (row.id === highlighted ? 'ant-table-row-selected' : '')}
        locale={{ emptyText: <Empty description={t('reports.archive.empty')} /> }}
        data-testid="archive-table"
      />
    </div>
  );
}
