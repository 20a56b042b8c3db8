import { useState } from 'react';
import { Card, DatePicker, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '@xiaoguan/shared';
import { renderMessage, translateOr } from '../../core/i18n';
import { useTimeZone } from '../../core/session';
import { dayjs } from '../../core/time';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { PageHeader } from '../../components/PageHeader';
import { UserSelect } from '../org';
import { useAuditLog, type AuditQuery } from './api';

const ACTION_COLORS: Partial<Record<AuditAction, string>> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  login: 'cyan',
  login_failed: 'volcano',
  export: 'purple',
  reveal: 'magenta',
  approve: 'green',
  reject: 'red',
};
const ENTITIES = ['users', 'org_units', 'settings', 'approval_policies', 'approval_delegations', 'approval_requests'] as const;

function isAuditAction(value: string | null): value is AuditAction {
  return value !== null && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function Changes({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const rows = Object.entries(entry.changes ?? {}).map(([field, [before, after]]) => ({ field, before, after }));
  return (
    <div style={{ maxWidth: 900 }} data-testid={`audit-changes-${entry.id}`}>
      <Flex gap={16} wrap style={{ marginBottom: 8, fontSize: 12 }}>
        {entry.entityId ? (
          <Typography.Text type="secondary">
            {t('audit.changes.entityId')}: <Typography.Text copyable>{entry.entityId}</Typography.Text>
          </Typography.Text>
        ) : null}
        {entry.requestId ? (
          <Typography.Text type="secondary">
            {t('audit.changes.requestId')}: {entry.requestId}
          </Typography.Text>
        ) : null}
      </Flex>
      {rows.length ? (
        <Table
          size="small"
          pagination={false}
          rowKey="field"
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('audit.changes.field'),
              dataIndex: 'field',
              render: (field: string) => <Typography.Text code>{field}</Typography.Text>,
            },
            {
              title: t('audit.changes.before'),
              key: 'before',
              render: (_, row) => <span style={{ color: '#cf1322', wordBreak: 'break-all' }}>{show(row.before)}</span>,
            },
            {
              title: t('audit.changes.after'),
              key: 'after',
              render: (_, row) => <span style={{ color: '#389e0d', wordBreak: 'break-all' }}>{show(row.after)}</span>,
            },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t('audit.changes.none')}</Typography.Text>
      )}
    </div>
  );
}

/** The audit trail (M12): filter by actor, object, action and time; expand a row for before/after. */
export default function AuditPage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const [searchParams] = useSearchParams();
  const initialAction = searchParams.get('action');
  const [query, setQuery] = useState<AuditQuery>({
    page: 1,
    pageSize: 20,
    action: isAuditAction(initialAction) ? initialAction : undefined,
  });
  const log = useAuditLog(query);
  const filter = (patch: Partial<AuditQuery>) => setQuery((current) => ({ ...current, ...patch, page: 1 }));

  const columns: ColumnsType<AuditEntry> = [
    { title: t('audit.columns.at'), key: 'at', render: (_, entry) => <DateTimeText value={entry.at} /> },
    {
      title: t('audit.columns.actor'),
      key: 'actor',
      render: (_, entry) => entry.actorName ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      title: t('audit.columns.action'),
      key: 'action',
      render: (_, entry) => <Tag color={ACTION_COLORS[entry.action]}>{t(`audit.actions.${entry.action}`)}</Tag>,
    },
    { title: t('audit.columns.entity'), key: 'entity', render: (_, entry) => translateOr(`audit.entities.${entry.entity}`, entry.entity) },
    {
      title: t('audit.columns.summary'),
      key: 'summary',
      render: (_, entry) => (
        <Typography.Text ellipsis={{ tooltip: renderMessage(entry.summaryMessage, entry.summary ?? '') }} style={{ maxWidth: 320 }}>
          {renderMessage(entry.summaryMessage, entry.summary ?? '') || '—'}
        </Typography.Text>
      ),
    },
    {
      title: t('audit.columns.ip'),
      key: 'ip',
      render: (_, entry) => <Typography.Text type="secondary">{entry.ip ?? '—'}</Typography.Text>,
    },
  ];

  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <Card styles={{ body: { padding: 12 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select<AuditAction>
            allowClear
            placeholder={t('audit.filters.action')}
            value={query.action}
            onChange={(action) => filter({ action: action ?? undefined })}
            options={AUDIT_ACTIONS.map((action) => ({ value: action, label: t(`audit.actions.${action}`) }))}
            style={{ flex: '1 1 140px', maxWidth: 200 }}
            data-testid="audit-filter-action"
          />
          <Select<string>
            allowClear
            placeholder={t('audit.filters.entity')}
            value={query.entity}
            onChange={(entity) => filter({ entity: entity ?? undefined })}
            options={ENTITIES.map((entity) => ({ value: entity, label: t(`audit.entities.${entity}`) }))}
            style={{ flex: '1 1 140px', maxWidth: 200 }}
            data-testid="audit-filter-entity"
          />
          <div style={{ flex: '1 1 180px', maxWidth: 260 }}>
            <UserSelect
              value={query.actorId ?? null}
              onChange={(actorId) => filter({ actorId: actorId ?? undefined })}
              placeholder={t('audit.filters.actor')}
              testId="audit-filter-actor"
            />
          </div>
          <Input.Search
            allowClear
            placeholder={t('audit.filters.entityId')}
            onSearch={(value) => filter({ entityId: value.trim() || undefined })}
            style={{ flex: '1 1 180px', maxWidth: 260 }}
          />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            placeholder={[t('audit.filters.from'), t('audit.filters.to')]}
            onChange={(range) =>
              filter({
                // Whole days in the company's time zone.
                from: range?.[0] ? dayjs.tz(range[0].format('YYYY-MM-DD'), timeZone).startOf('day').format() : undefined,
                to: range?.[1] ? dayjs.tz(range[1].format('YYYY-MM-DD'), timeZone).endOf('day').format() : undefined,
              })
            }
            style={{ flex: '1 1 240px', maxWidth: 320 }}
          />
        </Flex>
        <DataTable<AuditEntry>
          testId="audit-table"
          data={log.data}
          loading={log.isFetching}
          error={log.error}
          onRetry={() => void log.refetch()}
          rowKey={(entry) => entry.id}
          onPageChange={(page, pageSize) => setQuery((current) => ({ ...current, page, pageSize }))}
          columns={columns}
          expandable={{ expandedRowRender: (entry) => <Changes entry={entry} />, rowExpandable: () => true }}
        />
      </Card>
    </>
  );
}
