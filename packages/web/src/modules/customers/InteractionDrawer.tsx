import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Col, DatePicker, Form, Input, Radio, Row, Select, Upload, type UploadFile } from 'antd';
import { CheckCircleOutlined, InfoCircleOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { INTERACTION_TYPES, interactionInputSchema, type Customer, type InteractionType } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { MAX_ATTACHMENT_BYTES, uploadAttachment, useContacts, useCustomerSettings, useLogInteraction } from './api';
import { INTERACTION_ICONS } from './labels';
import { nowPicker, pickerToIso } from './time';
import { validValues } from './hooks';
import { FormDrawer } from '../../components/FormDrawer';
import { FollowUpPicker, futureRule } from './FollowUpPicker';

interface Values {
  type: InteractionType;
  occurredAt: Dayjs;
  contactId?: string;
  outcome?: string;
  notes?: string;
  nextStep?: string;
  nextFollowUpAt?: Dayjs | null;
}

const FIELDS = ['type', 'occurredAt', 'contactId', 'outcome', 'notes', 'nextStep', 'nextFollowUpAt'] as const;

const blank = (value: string | undefined) => (value && value.trim() ? value.trim() : null);

/**
 * Logs a visit, call, SMS, email, WeChat or meeting, with the next follow-up (which becomes a
 * task) and attachments. Says whether the chosen type counts toward the tier's cadence (R-CUS-1).
 * Mounted while open.
 */
export function InteractionDrawer({ customer, onClose, onLogged }: { customer: Customer; onClose: () => void; onLogged?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const [form] = Form.useForm<Values>();
  const settings = useCustomerSettings();
  const contacts = useContacts(customer.id);
  const log = useLogInteraction(customer.id);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [uploading, setUploading] = useState(false);
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(interactionInputSchema, t);
  const cadence = settings.data?.cadence[customer.tier];
  const defaultType: InteractionType = cadence?.types[0] ?? (customer.tier === 'A' ? 'visit' : 'call');
  const [initialValues] = useState<Values>(() => ({ type: defaultType, occurredAt: nowPicker(timeZone) }));
  const type = Form.useWatch('type', form) ?? initialValues.type;
  const firstQualifying = cadence?.types[0];
  useEffect(() => {
    // The settings may arrive after the drawer opened: default to a type that counts, unless chosen.
    if (firstQualifying && !form.isFieldTouched('type')) form.setFieldValue('type', firstQualifying);
  }, [firstQualifying, form]);
  const contactOptions = useMemo(
    () =>
      (contacts.data ?? []).map((contact) => ({
        value: contact.id,
        label: contact.title ? `${contact.name}（${contact.title}）` : contact.name,
      })),
    [contacts.data],
  );

  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const body = parseForm(
      interactionInputSchema,
      {
        type: values.type,
        occurredAt: pickerToIso(values.occurredAt, timeZone),
        contactId: values.contactId ?? null,
        outcome: blank(values.outcome),
        notes: blank(values.notes),
        nextStep: blank(values.nextStep),
        nextFollowUpAt: values.nextFollowUpAt ? pickerToIso(values.nextFollowUpAt, timeZone) : null,
      },
      form,
      t,
    );
    if (!body) return;
    log.mutate(body, {
      onSuccess: async (interaction) => {
        if (files.length) {
          setUploading(true);
          for (const file of files) {
            if (!file.originFileObj) continue;
            try {
              await uploadAttachment(interaction.id, file.originFileObj);
            } catch (error) {
              message.error(`${t('customers.timeline.uploadFailed', { name: file.name })}: ${errorMessage(t, error)}`);
            }
          }
          setUploading(false);
        }
        message.success(t('customers.timeline.logged'));
        onLogged?.();
        onClose();
      },
      onError: (error) => {
        if (
          !applyApiError(form, error, t, FIELDS, (field) =>
            field === 'occurredAt'
              ? t('customers.timeline.inFuture')
              : field === 'nextFollowUpAt'
                ? t('customers.timeline.followUpPast')
                : undefined,
          )
        )
          setAlertError(error);
      },
    });
  };

  const counts = cadence ? cadence.types.includes(type) : null;
  return (
    <FormDrawer
      title={t('customers.timeline.logTitle', { name: customer.name })}
      width={560}
      saving={log.isPending || uploading}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="interaction-submit"
    >
      <ErrorAlert error={alertError} />
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="interaction-form">
        <Form.Item
          name="type"
          label={t('customers.timeline.type')}
          rules={rules.type}
          required
          style={{ marginBottom: cadence ? 8 : undefined }}
        >
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="interaction-type">
            {INTERACTION_TYPES.map((value) => (
              <Radio.Button key={value} value={value} style={{ marginBottom: 4 }}>
                <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }} data-testid={`interaction-type-${value}`}>
                  {INTERACTION_ICONS[value]}
                  {t(`customers.interactionTypes.${value}`)}
                </span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {cadence ? (
          <Alert
            type={counts ? 'success' : 'warning'}
            showIcon
            icon={counts ? <CheckCircleOutlined /> : <InfoCircleOutlined />}
            style={{ marginBottom: 16, paddingBlock: 6 }}
            data-testid="interaction-cadence-hint"
            title={
              counts
                ? t('customers.timeline.qualifies', { tier: customer.tier, days: cadence.days })
                : t('customers.timeline.notQualifies', {
                    tier: customer.tier,
                    types: cadence.types.map((value) => t(`customers.interactionTypes.${value}`)).join('、'),
                  })
            }
          />
        ) : null}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="occurredAt"
              label={t('customers.timeline.occurredAt')}
              rules={[{ required: true, message: t('common.validation.required') }]}
              required
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                disabledDate={(date) => date.isAfter(nowPicker(timeZone), 'day')}
                allowClear={false}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactId" label={t('customers.timeline.contact')}>
              <Select
                allowClear
                options={contactOptions}
                placeholder={t('customers.timeline.contactPlaceholder')}
                loading={contacts.isPending}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="outcome" label={t('customers.timeline.outcome')} rules={rules.outcome}>
          <Input maxLength={200} data-testid="interaction-outcome" />
        </Form.Item>
        <Form.Item name="notes" label={t('customers.timeline.notes')} rules={rules.notes}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} showCount data-testid="interaction-notes" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="nextStep" label={t('customers.timeline.nextStep')} rules={rules.nextStep}>
              <Input maxLength={500} data-testid="interaction-next-step" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="nextFollowUpAt"
              label={t('customers.timeline.nextFollowUpAt')}
              extra={t('customers.timeline.nextFollowUpHint')}
              rules={[futureRule(t, timeZone)]}
            >
              <FollowUpPicker testId="interaction-next-follow-up" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('customers.timeline.attachments')} extra={t('customers.timeline.attachmentsHint')}>
          <Upload
            multiple
            fileList={files}
            beforeUpload={(file) => {
              if (file.size > MAX_ATTACHMENT_BYTES) {
                message.error(t('customers.timeline.attachmentTooBig', { name: file.name }));
                return Upload.LIST_IGNORE;
              }
              return false;
            }}
            onChange={({ fileList }) => setFiles(fileList)}
          >
            <Button icon={<PaperClipOutlined />}>{t('customers.timeline.attachments')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
