import { useState } from 'react';
import {
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link, useParams } from 'react-router-dom';
import { FINDING_SEVERITIES, SAMPLE_RULES, type AuditPlan, type AuditSample } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { formatCents } from '../../components/MoneyText';
import { apiUrl } from '../../core/api';
import { unitTreeSelectData, useOrgUnits, UserSelect } from '../org';
import { useAddFinding, usePlan, usePlanAction, viewSample, type SampleRecord } from './api';
import { FindingStatusTag, SeverityTag } from './labels';

/** A sampled record's figure as the auditor reads it: money, percent, the record's status and yes/no in words. */
const figureText = (t: TFunction, recordKind: AuditSample['recordKind'], key: string, value: string | number | null) =>
  value === null
    ? '—'
    : value === 'true' || value === 'false'
      ? t(value === 'true' ? 'internalaudit.values.yes' : 'internalaudit.values.no')
      : typeof value === 'number' && key.endsWith('Cents')
        ? formatCents(value)
        : key.endsWith('Bp') && typeof value === 'number'
          ? `${(value / 100).toFixed(2)}%`
          : key === 'status'
            ? t(recordKind === 'quote' ? `quotes.statuses.${value}` : `expenses.statuses.${value}`, { defaultValue: String(value) })
            : String(value);

function Sampling({ plan }: { plan: AuditPlan }) {
  const { t } = useTranslation();
  const action = usePlanAction(plan.id);
  const [rule, setRule] = useState<(typeof SAMPLE_RULES)[number]>(
    plan.process === 'expenses' ? 'expenses_without_invoice' : 'quotes_near_limit',
  );
  const [count, setCount] = useState(20);
  const [within, setWithin] = useState(5);
  const [viewing, setViewing] = useState<SampleRecord | null>(null);
  const columns: ColumnsType<AuditSample> = [
    { title: t('internalaudit.samples.columns.record'), dataIndex: 'label', width: 150 },
    { title: t('internalaudit.samples.columns.reason'), width: 150, render: (_, s) => t(`internalaudit.rules.${s.reason}`) },
    {
      title: t('internalaudit.samples.columns.figures'),
      width: 300,
      render: (_, s) => (
        <Space size={4} wrap>
          {Object.entries(s.figures).map(([key, value]) => (
            <Tag key={key}>
              {t(`internalaudit.fields.${key}`)} {figureText(t, s.recordKind, key, value)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('internalaudit.samples.columns.view'),
      width: 90,
      render: (_, s) => (
        <Button size="small" data-testid={`sample-view-${s.label}`} onClick={async () => setViewing(await viewSample(s.id))}>
          {s.viewedAt ? t('internalaudit.samples.viewAgain') : t('internalaudit.samples.view')}
        </Button>
      ),
    },
  ];
  return (
    <Card size="small" title={t('internalaudit.samples.title', { count: plan.samples.length })}>
      {plan.abilities.update ? (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            style={{ flex: '2 1 220px' }}
            value={rule}
            onChange={setRule}
            options={SAMPLE_RULES.map((r) => ({ value: r, label: t(`internalaudit.rules.${r}`) }))}
            data-testid="sample-rule"
          />
          <InputNumber
            style={{ flex: '1 1 100px' }}
            min={1}
            max={500}
            value={count}
            onChange={(v) => setCount(v ?? 20)}
            addonBefore={t('internalaudit.samples.count')}
          />
          {rule === 'quotes_near_limit' ? (
            <InputNumber
              style={{ flex: '1 1 120px' }}
              min={0.1}
              max={50}
              value={within}
              onChange={(v) => setWithin(v ?? 5)}
              addonAfter="%"
              addonBefore={t('internalaudit.samples.within')}
            />
          ) : null}
          <Button
            type="primary"
            loading={action.isPending}
            data-testid="sample-draw"
            onClick={() => action.mutate({ path: '/samples', body: { rule, count, withinPct: within } })}
          >
            {t('internalaudit.samples.draw')}
          </Button>
        </Flex>
      ) : null}
      <ErrorAlert error={action.error} />
      <Typography.Paragraph type="secondary">{t('internalaudit.samples.logged')}</Typography.Paragraph>
      <DataTable data={plan.samples} rowKey={(s) => s.id} rowTestKey={(s) => s.label} testId="samples" columns={columns} />
      <Modal open={Boolean(viewing)} onCancel={() => setViewing(null)} footer={null} title={viewing?.sample.label}>
        <Descriptions column={1} size="small" bordered>
          {viewing?.fields.map((f) => (
            <Descriptions.Item key={f.key} label={t(`internalaudit.fields.${f.key}`)}>
              {figureText(t, viewing.sample.recordKind, f.key, f.value)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Modal>
    </Card>
  );
}

function NewFinding({ plan, onClose }: { plan: AuditPlan; onClose: () => void }) {
  const { t } = useTranslation();
  const units = useOrgUnits();
  const add = useAddFinding(plan.id);
  const [form] = Form.useForm<{
    title: string;
    severity: string;
    unitId: string;
    responsibleId: string;
    sampleId?: string;
    description?: string;
  }>();
  const save = async () => {
    const values = await form.validateFields();
    const sample = plan.samples.find((s) => s.id === values.sampleId);
    await add.mutateAsync({
      ...values,
      description: values.description ?? '',
      sampleId: values.sampleId ?? null,
      evidence: sample
        ? [
            {
              label: sample.label,
              url: sample.recordKind === 'quote' ? `/quotes/${sample.recordId}` : `/expenses/claims/${sample.recordId}`,
            },
          ]
        : [],
    });
    onClose();
  };
  return (
    <FormDrawer
      title={t('internalaudit.findings.new')}
      width={480}
      saving={add.isPending}
      onSave={save}
      onClose={onClose}
      submitTestId="finding-save"
    >
      <ErrorAlert error={add.error} />
      <Form form={form} layout="vertical" initialValues={{ severity: 'medium' }}>
        <Form.Item
          name="title"
          label={t('internalaudit.findings.columns.title')}
          rules={[{ required: true, message: t('common.validation.required') }]}
        >
          <Input maxLength={200} data-testid="finding-title" />
        </Form.Item>
        <Form.Item name="severity" label={t('internalaudit.findings.columns.severity')} rules={[{ required: true }]}>
          <Select options={FINDING_SEVERITIES.map((s) => ({ value: s, label: t(`internalaudit.severity.${s}`) }))} />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('internalaudit.findings.columns.unit')}
          rules={[{ required: true, message: t('common.validation.required') }]}
        >
          <TreeSelect treeDefaultExpandAll treeData={unitTreeSelectData(units.data ?? [])} data-testid="finding-unit" />
        </Form.Item>
        <Form.Item
          name="responsibleId"
          label={t('internalaudit.findings.columns.responsible')}
          rules={[{ required: true, message: t('common.validation.required') }]}
        >
          <UserSelect testId="finding-responsible" />
        </Form.Item>
        <Form.Item name="sampleId" label={t('internalaudit.findings.sample')}>
          <Select allowClear options={plan.samples.map((s) => ({ value: s.id, label: s.label }))} data-testid="finding-sample" />
        </Form.Item>
        <Form.Item name="description" label={t('internalaudit.findings.description')}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/** One audit (issue 21 items 8–9): scope and checklist, samples drawn read-only, findings, the report. */
export default function AuditPlanPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const plan = usePlan(id);
  const action = usePlanAction(id);
  const [adding, setAdding] = useState(false);
  if (plan.error) return <ErrorAlert error={plan.error} onReload={() => plan.refetch()} />;
  const p = plan.data;
  if (!p) return null;
  return (
    <>
      <PageHeader
        title={p.title}
        subtitle={
          <Space wrap>
            <Tag>{t(`internalaudit.processes.${p.process}`)}</Tag>
            <span>
              {p.periodFrom} ~ {p.periodTo}
            </span>
            <Tag color={p.status === 'closed' ? 'success' : 'processing'}>{t(`internalaudit.planStatus.${p.status}`)}</Tag>
          </Space>
        }
        extra={
          <Space wrap>
            <Button
              icon={<FilePdfOutlined />}
              href={apiUrl(`/internal-audit/plans/${p.id}/report`, { lang: i18n.language === 'en-US' ? 'en-US' : 'zh-CN' })}
              target="_blank"
              data-testid="audit-report"
            >
              {t('internalaudit.plan.report')}
            </Button>
            {p.abilities.close ? (
              <Button
                type="primary"
                loading={action.isPending}
                onClick={() => action.mutate({ path: '/close', body: { version: p.version } })}
                data-testid="audit-close"
              >
                {t('internalaudit.plan.close')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <ErrorAlert error={action.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Sampling plan={p} />
            <Card
              size="small"
              title={t('internalaudit.findings.title', { count: p.findings.length })}
              extra={
                p.abilities.update ? (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="finding-new">
                    {t('internalaudit.findings.new')}
                  </Button>
                ) : null
              }
            >
              <List
                dataSource={p.findings}
                locale={{ emptyText: t('internalaudit.findings.none') }}
                renderItem={(f) => (
                  <List.Item>
                    <Space wrap>
                      <SeverityTag severity={f.severity} />
                      <Link to={`/internal-audit/findings/${f.id}`} data-testid={`finding-link-${f.title}`}>
                        {f.title}
                      </Link>
                      <FindingStatusTag status={f.status} />
                      <Typography.Text type="secondary">
                        {f.unitName} · {f.responsibleName}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('internalaudit.plans.checklist')}>
            <List
              size="small"
              dataSource={p.checklist}
              locale={{ emptyText: t('internalaudit.plan.noChecklist') }}
              renderItem={(item, index) => (
                <List.Item>
                  <Checkbox
                    checked={item.done}
                    disabled={!p.abilities.update || action.isPending}
                    onChange={(e) =>
                      action.mutate({
                        path: '',
                        method: 'patch',
                        body: {
                          checklist: p.checklist.map((c, i) => (i === index ? { ...c, done: e.target.checked } : c)),
                          version: p.version,
                        },
                      })
                    }
                  >
                    {item.text}
                  </Checkbox>
                </List.Item>
              )}
            />
            <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
              <Descriptions.Item label={t('internalaudit.plans.columns.region')}>
                {p.regionName ?? t('internalaudit.plans.company')}
              </Descriptions.Item>
              <Descriptions.Item label={t('internalaudit.plan.auditor')}>{p.auditorName}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>
      {adding ? <NewFinding plan={p} onClose={() => setAdding(false)} /> : null}
    </>
  );
}
