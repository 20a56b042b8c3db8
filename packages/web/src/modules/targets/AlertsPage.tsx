import { useState } from 'react';
import type { ButtonProps } from 'antd';
import { App, Button, Card, Input, InputNumber, Modal, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ALERT_CHANNELS, ALERT_RECIPIENTS, type Alert, type AlertRecipient, type AlertRuleSetting } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useTimeZone } from '../../core/session';
import { useIsPhone } from '../../components/useMediaQuery';
import { formatDateTime } from '../../core/time';
import { useAlertAction, useAlertRules, useAlerts, useSaveAlertRule, type AlertStatusFilter } from './api';

const STATUS_FILTERS: AlertStatusFilter[] = ['active', 'open', 'acknowledged', 'resolved', 'all'];
const STATUS_COLORS: Record<Alert['status'], string> = { open: 'error', acknowledged: 'warning', resolved: 'success' };
/** The inbox's narrowest layout: the fixed columns plus room for the evidence text. */
const INBOX_MIN_WIDTH = 900;

/** `receivables.overdue` → `receivables.alertRules.overdue.<part>`: each rule's strings live in its own module. */
const ruleString = (key: string, part: string) => {
  const [module, rule] = key.split('.');
  return `${module}.alertRules.${rule}.${part}`;
};

/** Risk alerts (R-RSK-1): the inbox of alerts in the caller's scope, acknowledge / resolve, and the rules' settings. */
export default function AlertsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const timeZone = useTimeZone();
  const { message } = App.useApp();
  const [search] = useSearchParams();
  const highlighted = search.get('id');
  const [status, setStatus] = useState<AlertStatusFilter>('active');
  const [page, setPage] = useState(1);
  const list = useAlerts(status, page);
  const act = useAlertAction();
  const [resolving, setResolving] = useState<Alert | null>(null);
  const [comment, setComment] = useState('');
  const isPhone = useIsPhone();

  const acknowledge = (alert: Alert) =>
    act.mutate(
      { id: alert.id, action: 'acknowledge', version: alert.version },
      { onSuccess: () => void message.success(t('targets.alerts.acknowledged')) },
    );
  const resolve = () => {
    if (!resolving || !comment.trim()) return;
    act.mutate(
      { id: resolving.id, action: 'resolve', version: resolving.version, comment: comment.trim() },
      {
        onSuccess: () => {
          setResolving(null);
          setComment('');
          void message.success(t('targets.alerts.resolved'));
        },
      },
    );
  };

  const evidence = (row: Alert) => (
    <Typography.Link onClick={() => navigate(row.link)} data-testid={`alert-evidence-${row.ruleKey}`}>
      {t(row.summaryMessage.key, row.summaryMessage.params)}
    </Typography.Link>
  );
  const statusTag = (row: Alert) => (
    <Tag color={STATUS_COLORS[row.status]} data-testid={`alert-status-${row.id}`}>
      {t(`targets.alerts.statuses.${row.status}`)}
    </Tag>
  );
  const severityTag = (severity: Alert['severity']) => (
    <Tag color={severity === 'critical' ? 'red' : 'orange'}>{t(`targets.alerts.severities.${severity}`)}</Tag>
  );
  const actions = (row: Alert) => (
    <Space>
      {row.abilities.acknowledge ? (
        <Button size="small" onClick={() => acknowledge(row)} loading={act.isPending} data-testid={`alert-ack-${row.id}`}>
          {t('targets.alerts.acknowledge')}
        </Button>
      ) : null}
      {row.abilities.resolve ? (
        <Button size="small" type="primary" onClick={() => setResolving(row)} data-testid={`alert-resolve-${row.id}`}>
          {t('targets.alerts.resolve')}
        </Button>
      ) : null}
    </Space>
  );
  // On a phone each alert is one stacked cell: with seven columns the fixed actions left the evidence
  // text off screen and the rule name clipped at 390 px.
  const phoneColumns = [
    {
      title: t('targets.alerts.summary'),
      key: 'alert',
      render: (_: unknown, row: Alert) => (
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Space size={4} wrap>
            {severityTag(row.severity)}
            <Typography.Text strong>{t(ruleString(row.ruleKey, 'name'))}</Typography.Text>
            {statusTag(row)}
          </Space>
          {evidence(row)}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.ownerName ?? t('targets.alerts.company')} · {formatDateTime(row.raisedAt, timeZone)}
          </Typography.Text>
          {row.comment ? <Typography.Text type="secondary">{row.comment}</Typography.Text> : null}
          {actions(row)}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('targets.alerts.title')}
        subtitle={list.data ? t('targets.alerts.count', { count: list.data.total }) : undefined}
        extra={
          <Segmented<AlertStatusFilter>
            value={status}
            onChange={(value) => {
              setStatus(value);
              setPage(1);
            }}
            options={STATUS_FILTERS.map((value) => ({ value, label: t(`targets.alerts.filters.${value}`) }))}
            data-testid="alerts-status"
          />
        }
      />
      <ErrorAlert error={list.error ?? act.error} onReload={() => void list.refetch()} />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Alert>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          rowClassName={(row) => (row.id === highlighted ? 'ant-table-row-selected' : '')}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          // The evidence text wraps in the room left: no sideways scroll at 1366 px (a phone still scrolls).
          scroll={isPhone ? undefined : { x: INBOX_MIN_WIDTH }}
          data-testid="alerts-table"
          columns={
            isPhone
              ? phoneColumns
              : [
                  {
                    title: t('targets.alerts.severity'),
                    dataIndex: 'severity',
                    width: 76,
                    render: (severity: Alert['severity']) => (
                      <Tag color={severity === 'critical' ? 'red' : 'orange'}>{t(`targets.alerts.severities.${severity}`)}</Tag>
                    ),
                  },
                  {
                    title: t('targets.alerts.rule'),
                    dataIndex: 'ruleKey',
                    width: 130,
                    render: (key: string) => t(ruleString(key, 'name')),
                  },
                  {
                    title: t('targets.alerts.summary'),
                    dataIndex: 'summary',
                    render: (_: string, row) => (
                      <Typography.Link onClick={() => navigate(row.link)} data-testid={`alert-evidence-${row.ruleKey}`}>
                        {t(row.summaryMessage.key, row.summaryMessage.params)}
                      </Typography.Link>
                    ),
                  },
                  {
                    title: t('targets.alerts.owner'),
                    dataIndex: 'ownerName',
                    width: 90,
                    render: (name: string | null) => name ?? t('targets.alerts.company'),
                  },
                  {
                    title: t('targets.alerts.raisedAt'),
                    dataIndex: 'raisedAt',
                    width: 140,
                    render: (value: string) => formatDateTime(value, timeZone),
                  },
                  {
                    title: t('targets.alerts.status'),
                    dataIndex: 'status',
                    width: 110,
                    render: (value: Alert['status'], row) => (
                      <Space direction="vertical" size={0}>
                        <Tag color={STATUS_COLORS[value]} data-testid={`alert-status-${row.id}`}>
                          {t(`targets.alerts.statuses.${value}`)}
                        </Tag>
                        {row.comment ? <Typography.Text type="secondary">{row.comment}</Typography.Text> : null}
                      </Space>
                    ),
                  },
                  {
                    title: t('targets.alerts.actions'),
                    key: 'actions',
                    // On a phone the table scrolls; acknowledge / resolve stay in reach at the right edge.
                    fixed: 'right',
                    width: 200,
                    render: (_: unknown, row) => actions(row),
                  },
                ]
          }
        />
      </Card>
      <Modal
        open={resolving !== null}
        title={t('targets.alerts.resolveTitle')}
        onCancel={() => setResolving(null)}
        onOk={resolve}
        okButtonProps={{ disabled: !comment.trim(), loading: act.isPending, 'data-testid': 'alert-resolve-confirm' } as ButtonProps}
        okText={t('targets.alerts.resolve')}
        cancelText={t('common.actions.cancel')}
      >
        <Input.TextArea
          rows={3}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          placeholder={t('targets.alerts.commentPlaceholder')}
          maxLength={2000}
          data-testid="alert-resolve-comment"
        />
      </Modal>
      <RulesCard />
    </>
  );
}

/** Each rule's thresholds, recipients and channels; the director edits them, others read them. */
function RulesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useAlertRules();
  const save = useSaveAlertRule();
  const [drafts, setDrafts] = useState<Record<string, AlertRuleSetting>>({});
  const canConfigure = rules.data?.canConfigure ?? false;
  const recipientLabel = (recipient: AlertRecipient) =>
    recipient.startsWith('role:') ? t(`common.roles.${recipient.slice(5)}`) : t(`targets.alerts.recipients.${recipient}`);
  const rows = (rules.data?.items ?? []).map((rule) => drafts[rule.key] ?? rule);
  const change = (rule: AlertRuleSetting, patch: Partial<AlertRuleSetting>) =>
    setDrafts((all) => ({ ...all, [rule.key]: { ...rule, ...patch } }));
  return (
    <Card title={t('targets.alerts.rulesTitle')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
      <ErrorAlert error={rules.error ?? save.error} onReload={() => void rules.refetch()} />
      <Table<AlertRuleSetting>
        rowKey="key"
        size="small"
        loading={rules.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: INBOX_MIN_WIDTH }}
        data-testid="alert-rules-table"
        columns={[
          { title: t('targets.alerts.rule'), dataIndex: 'key', width: 150, render: (key: string) => t(ruleString(key, 'name')) },
          {
            title: t('targets.alerts.enabled'),
            dataIndex: 'enabled',
            width: 70,
            render: (enabled: boolean, rule) => (
              <Switch size="small" checked={enabled} disabled={!canConfigure} onChange={(value) => change(rule, { enabled: value })} />
            ),
          },
          {
            title: t('targets.alerts.thresholds'),
            dataIndex: 'params',
            render: (params: Record<string, number>, rule) => (
              <Space direction="vertical" size={4}>
                {Object.entries(params).map(([name, value]) => (
                  <Space key={name} size={4} wrap>
                    <Typography.Text type="secondary">{t(ruleString(rule.key, `params.${name}`))}</Typography.Text>
                    <InputNumber
                      size="small"
                      min={0}
                      value={value}
                      disabled={!canConfigure}
                      onChange={(next) => change(rule, { params: { ...params, [name]: Number(next ?? 0) } })}
                      data-testid={`alert-param-${rule.key}-${name}`}
                    />
                  </Space>
                ))}
              </Space>
            ),
          },
          {
            title: t('targets.alerts.recipientsTitle'),
            dataIndex: 'recipients',
            width: 220,
            render: (recipients: AlertRecipient[], rule) => (
              <Select
                mode="multiple"
                size="small"
                style={{ width: '100%' }}
                value={recipients}
                disabled={!canConfigure}
                onChange={(value) => change(rule, { recipients: value })}
                options={ALERT_RECIPIENTS.map((value) => ({ value, label: recipientLabel(value) }))}
              />
            ),
          },
          {
            title: t('targets.alerts.channelsTitle'),
            dataIndex: 'channels',
            width: 200,
            render: (channels: AlertRuleSetting['channels'], rule) => (
              <Select
                mode="multiple"
                size="small"
                style={{ width: '100%' }}
                value={channels}
                disabled={!canConfigure}
                onChange={(value) => change(rule, { channels: value })}
                options={ALERT_CHANNELS.map((value) => ({ value, label: t(`targets.alerts.channels.${value}`) }))}
              />
            ),
          },
          ...(canConfigure
            ? [
                {
                  title: t('targets.alerts.actions'),
                  key: 'save',
                  width: 80,
                  render: (_: unknown, rule: AlertRuleSetting) => (
                    <Button
                      size="small"
                      disabled={!drafts[rule.key]}
                      loading={save.isPending}
                      onClick={() =>
                        save.mutate(rule, {
                          onSuccess: () => {
                            setDrafts(({ [rule.key]: _saved, ...rest }) => rest);
                            void message.success(t('targets.alerts.ruleSaved'));
                          },
                        })
                      }
                    >
                      {t('common.actions.save')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
