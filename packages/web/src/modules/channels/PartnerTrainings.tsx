import { useState } from 'react';
import { Button, Card, Checkbox, DatePicker, Form, Input, Modal, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PartnerDetail, PartnerTraining } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAddTraining, useTrainingSessionOptions } from './api';

type Values = {
  contactId?: string;
  traineeName?: string;
  sessionId?: string;
  course?: string;
  trainedOn: Dayjs;
  certificate?: string;
  certificateUntil?: Dayjs | null;
  passed: boolean;
};

/** The partner's staff trained (issue 21 item 3): on our training sessions or outside courses, with certificates. */
export function PartnerTrainings({ partner, today }: { partner: PartnerDetail; today: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const valid = partner.trainings.filter((r) => r.passed && r.certificate && (!r.certificateUntil || r.certificateUntil >= today));
  return (
    <Card
      size="small"
      title={t('channels.training.title')}
      extra={
        partner.abilities.update ? (
          <Button size="small" onClick={() => setOpen(true)} data-testid="partner-training-add">
            {t('channels.training.add')}
          </Button>
        ) : null
      }
      data-testid="partner-trainings"
    >
      <div style={{ marginBottom: 8, color: 'rgba(0,0,0,0.55)' }}>
        {t('channels.training.summary', { people: new Set(partner.trainings.map((r) => r.traineeName)).size, valid: valid.length })}
      </div>
      <Table<PartnerTraining>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={partner.trainings}
        locale={{ emptyText: t('channels.partner.empty') }}
        columns={[
          { title: t('channels.training.trainee'), dataIndex: 'traineeName', key: 'trainee' },
          { title: t('channels.training.course'), dataIndex: 'course', key: 'course' },
          { title: t('channels.training.trainedOn'), dataIndex: 'trainedOn', key: 'trainedOn' },
          {
            title: t('channels.training.result'),
            key: 'passed',
            render: (_: unknown, r) => (
              <Tag color={r.passed ? 'green' : 'default'}>{t(`channels.training.${r.passed ? 'passed' : 'failed'}`)}</Tag>
            ),
          },
          {
            title: t('channels.training.certificate'),
            key: 'certificate',
            render: (_: unknown, r) =>
              r.certificate
                ? `${r.certificate}${r.certificateUntil ? ` · ${t('channels.training.until', { day: r.certificateUntil })}` : ''}`
                : '—',
          },
        ]}
      />
      {open ? <AddTraining partner={partner} onClose={() => setOpen(false)} /> : null}
    </Card>
  );
}

function AddTraining({ partner, onClose }: { partner: PartnerDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [search, setSearch] = useState('');
  const sessions = useTrainingSessionOptions(search, true);
  const add = useAddTraining(partner.id);
  const submit = (values: Values) =>
    add.mutate(
      {
        contactId: values.contactId ?? null,
        traineeName: values.traineeName ?? '',
        sessionId: values.sessionId ?? null,
        course: values.course ?? '',
        trainedOn: values.trainedOn.format('YYYY-MM-DD'),
        certificate: values.certificate ?? '',
        certificateUntil: values.certificateUntil ? values.certificateUntil.format('YYYY-MM-DD') : null,
        passed: values.passed,
      },
      { onSuccess: onClose },
    );
  return (
    <Modal
      open
      title={t('channels.training.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('channels.training.save')}
      okButtonProps={{ 'data-testid': 'partner-training-save' }}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      <ErrorAlert error={add.error} />
      <Form form={form} layout="vertical" initialValues={{ passed: true }} onFinish={submit}>
        <Form.Item name="contactId" label={t('channels.fields.contact')} extra={t('channels.training.contactHint')}>
          <Select
            allowClear
            options={partner.contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name} · ${c.title}` : c.name }))}
            data-testid="partner-training-contact"
          />
        </Form.Item>
        <Form.Item name="traineeName" label={t('channels.training.trainee')}>
          <Input maxLength={60} data-testid="partner-training-trainee" />
        </Form.Item>
        <Form.Item name="sessionId" label={t('channels.training.session')} extra={t('channels.training.sessionHint')}>
          <Select
            allowClear
            showSearch={{ filterOption: false, onSearch: setSearch }}
            loading={sessions.isFetching}
            options={(sessions.data ?? []).map((s) => ({ value: s.id, label: `${s.title} · ${s.day}` }))}
            onChange={(id?: string) => {
              const session = sessions.data?.find((s) => s.id === id);
              if (session?.certification && !form.getFieldValue('certificate')) form.setFieldValue('certificate', session.certification);
            }}
            data-testid="partner-training-session"
          />
        </Form.Item>
        <Form.Item name="course" label={t('channels.training.course')}>
          <Input maxLength={120} data-testid="partner-training-course" />
        </Form.Item>
        <Form.Item name="trainedOn" label={t('channels.training.trainedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} data-testid="partner-training-date" />
        </Form.Item>
        <Form.Item name="certificate" label={t('channels.training.certificate')}>
          <Input maxLength={120} data-testid="partner-training-certificate" />
        </Form.Item>
        <Form.Item name="certificateUntil" label={t('channels.training.certificateUntil')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="passed" valuePropName="checked">
          <Checkbox>{t('channels.training.passed')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
