import { useEffect } from 'react';
import { App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ServiceSettings } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSaveServiceSettings, useServiceSettings } from './api';
import { categoryLabel } from './labels';

interface SettingsForm {
  categories: string[];
  firstResponseMinutes: number;
  warnPercent: number;
  workdayStart: string;
  workdayEnd: string;
  weekdays: number[];
  holidays: string;
  makeUpWorkdays: string;
  surveyExpiryDays: number;
  revisitAfterDays: number;
}

const lines = (text: string) =>
  text
    .split(/\s*[\n,]\s*/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Service settings: complaint categories and the R-SVC-1 business calendar (holidays and 调休 editable by admin). */
export default function ServiceSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const settings = useServiceSettings();
  const save = useSaveServiceSettings();
  const [form] = Form.useForm<SettingsForm>();
  const editable = can('complaints.configure');
  useEffect(() => {
    const s = settings.data;
    if (!s) return;
    form.setFieldsValue({
      ...s,
      categories: s.categories,
      holidays: s.holidays.join('\n'),
      makeUpWorkdays: s.makeUpWorkdays.join('\n'),
    });
  }, [settings.data, form]);
  if (settings.isPending) return <Skeleton active />;
  if (settings.error) return <ErrorAlert error={settings.error} onReload={() => void settings.refetch()} />;
  const submit = async () => {
    const values = await form.validateFields();
    const next: ServiceSettings = {
      ...settings.data,
      ...values,
      categories: values.categories.map((c) => c.trim()).filter(Boolean),
      holidays: lines(values.holidays),
      makeUpWorkdays: lines(values.makeUpWorkdays),
    };
    save.mutate(next, { onSuccess: () => message.success(t('service.settings.saved')), onError: (error) => message.error(error.message) });
  };
  return (
    <>
      <PageHeader
        title={t('service.settings.title')}
        subtitle={t('service.settings.subtitle')}
        extra={
          editable ? (
            <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="service-settings-save">
              {t('common.actions.save')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Form form={form} layout="vertical" disabled={!editable}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="categories" label={t('service.settings.categories')} rules={[{ required: true }]}>
                {/* The known keys in the reader's language; a company's own categories as typed (tags mode adds them). */}
                <Select
                  mode="tags"
                  tokenSeparators={[',', '，']}
                  options={(settings.data?.categories ?? []).map((c) => ({ value: c, label: categoryLabel(t, c) }))}
                  data-testid="service-settings-categories"
                />
              </Form.Item>
              <Form.Item name="firstResponseMinutes" label={t('service.settings.firstResponse')} rules={[{ required: true }]}>
                <InputNumber min={5} max={10080} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="warnPercent" label={t('service.settings.warnPercent')} rules={[{ required: true }]}>
                <InputNumber min={10} max={99} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="surveyExpiryDays" label={t('service.settings.expiry')} rules={[{ required: true }]}>
                <InputNumber min={1} max={90} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="revisitAfterDays" label={t('service.settings.revisitAfter')} rules={[{ required: true }]}>
                <InputNumber min={1} max={60} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('service.settings.workday')} required>
                <Input.Group compact>
                  <Form.Item name="workdayStart" noStyle rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/ }]}>
                    <Input style={{ width: '45%' }} placeholder="09:00" />
                  </Form.Item>
                  <Form.Item name="workdayEnd" noStyle rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/ }]}>
                    <Input style={{ width: '45%' }} placeholder="18:00" />
                  </Form.Item>
                </Input.Group>
              </Form.Item>
              <Form.Item name="weekdays" label={t('service.settings.weekdays')}>
                <Checkbox.Group
                  options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`service.settings.weekdayNames.d${d}`) }))}
                />
              </Form.Item>
              <Form.Item name="makeUpWorkdays" label={t('service.settings.makeUp')}>
                <Input.TextArea rows={8} placeholder="2026-10-10" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="holidays" label={t('service.settings.holidays')}>
                <Input.TextArea rows={18} placeholder="2026-10-01" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
    </>
  );
}
