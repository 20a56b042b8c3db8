import { useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Tag, TreeSelect, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { AUDIT_PROCESSES, type AuditPlanRow } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { useCan } from '../../core/session';
import { unitTreeSelectData, useOrgUnits } from '../org';
import { useCreatePlan, usePlans } from './api';

/** Audit plans (issue 21 item 8): the auditor's audits by process, region and period, with their progress. */
export default function AuditPlansPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const plans = usePlans();
  const units = useOrgUnits();
  const create = useCreatePlan();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ title: string; process: string; regionUnitId?: string; period: [Dayjs, Dayjs]; checklist?: string }>();
  const columns: ColumnsType<AuditPlanRow> = [
    { title: t('internalaudit.plans.columns.title'), dataIndex: 'title', width: 220 },
    { title: t('internalaudit.plans.columns.process'), width: 110, render: (_, p) => t(`internalaudit.processes.${p.process}`) },
    { title: t('internalaudit.plans.columns.period'), width: 190, render: (_, p) => `${p.periodFrom} ~ ${p.periodTo}` },
    { title: t('internalaudit.plans.columns.region'), width: 120, render: (_, p) => p.regionName ?? t('internalaudit.plans.company') },
    { title: t('internalaudit.plans.columns.samples'), dataIndex: 'sampleCount', width: 80, align: 'right' },
    {
      title: t('internalaudit.plans.columns.findings'),
      width: 110,
      align: 'right',
      render: (_, p) => t('internalaudit.plans.openOf', { open: p.openFindings, total: p.findingCount }),
    },
    {
      title: t('internalaudit.plans.columns.status'),
      width: 100,
      render: (_, p) => <Tag color={p.status === 'closed' ? 'success' : 'processing'}>{t(`internalaudit.planStatus.${p.status}`)}</Tag>,
    },
  ];
  const save = async () => {
    const values = await form.validateFields();
    const plan = await create.mutateAsync({
      title: values.title,
      process: values.process,
      regionUnitId: values.regionUnitId ?? null,
      periodFrom: values.period[0].format('YYYY-MM-DD'),
      periodTo: values.period[1].format('YYYY-MM-DD'),
      checklist: (values.checklist ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((text) => ({ text })),
    });
    setOpen(false);
    navigate(`/internal-audit/plans/${plan.id}`);
  };
  return (
    <>
      <PageHeader
        title={t('internalaudit.plans.title')}
        subtitle={<Typography.Text type="secondary">{t('internalaudit.plans.subtitle')}</Typography.Text>}
        extra={
          can('internalaudit.plan') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="audit-new"
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ process: 'discounts' });
                setOpen(true);
              }}
            >
              {t('internalaudit.plans.new')}
            </Button>
          ) : null
        }
      />
      <DataTable
        data={plans.data}
        loading={plans.isLoading}
        error={plans.error}
        rowKey={(p) => p.id}
        rowTestKey={(p) => p.title}
        testId="audit-plans"
        columns={columns}
        onRowClick={(p) => navigate(`/internal-audit/plans/${p.id}`)}
      />
      {open ? (
        <FormDrawer
          title={t('internalaudit.plans.new')}
          width={480}
          saving={create.isPending}
          onSave={save}
          onClose={() => setOpen(false)}
          submitTestId="audit-save"
        >
          <ErrorAlert error={create.error} />
          <Form form={form} layout="vertical">
            <Form.Item
              name="title"
              label={t('internalaudit.plans.columns.title')}
              rules={[{ required: true, message: t('common.validation.required') }]}
            >
              <Input maxLength={120} data-testid="audit-title" />
            </Form.Item>
            <Form.Item name="process" label={t('internalaudit.plans.columns.process')} rules={[{ required: true }]}>
              <Select
                options={AUDIT_PROCESSES.map((p) => ({ value: p, label: t(`internalaudit.processes.${p}`) }))}
                data-testid="audit-process"
              />
            </Form.Item>
            <Form.Item name="regionUnitId" label={t('internalaudit.plans.columns.region')}>
              <TreeSelect
                allowClear
                treeDefaultExpandAll
                treeData={unitTreeSelectData(units.data ?? [])}
                placeholder={t('internalaudit.plans.company')}
              />
            </Form.Item>
            <Form.Item
              name="period"
              label={t('internalaudit.plans.columns.period')}
              rules={[{ required: true, message: t('common.validation.required') }]}
            >
              <DatePicker.RangePicker style={{ width: '100%' }} data-testid="audit-period" />
            </Form.Item>
            <Form.Item name="checklist" label={t('internalaudit.plans.checklist')} extra={t('internalaudit.plans.checklistHint')}>
              <Input.TextArea rows={4} />
            </Form.Item>
          </Form>
        </FormDrawer>
      ) : null}
    </>
  );
}
