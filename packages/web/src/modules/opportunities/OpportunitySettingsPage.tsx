import { useState } from 'react';
import { App, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Row, Skeleton, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { GATE_REQUIREMENTS, OPPORTUNITY_STAGES, opportunitySettingsSchema, type OpportunitySettings } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { issueMessage } from '../../components/form';
import { PageHeader } from '../../components/PageHeader';
import { validValues } from '../../components/hooks';
import { useOpportunitySettings, useSaveOpportunitySettings } from './api';
import { STAGE_HEX } from './labels';

function SettingsForm({ settings }: { settings: OpportunitySettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OpportunitySettings>();
  const save = useSaveOpportunitySettings();
  const [alertError, setAlertError] = useState<unknown>(null);
  const required = [{ required: true, message: t('common.validation.required') }];
  const requirementOptions = GATE_REQUIREMENTS.map((requirement) => ({
    value: requirement,
    label: t(`opportunities.requirements.${requirement}`),
  }));

  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const result = opportunitySettingsSchema.safeParse({
      ...values,
      lostReasons: (values.lostReasons ?? []).map((reason) => ({
        code: reason.code?.trim(),
        zh: reason.zh?.trim(),
        en: reason.en?.trim(),
      })),
    });
    if (!result.success) {
      form.setFields(
        result.error.issues.map((issue) => ({
          name: issue.path as (string | number)[],
          errors: [issueMessage(t, issue, String(issue.path.at(-1) ?? ''), undefined)],
        })) as Parameters<typeof form.setFields>[0],
      );
      return;
    }
    save.mutate(result.data, { onSuccess: () => message.success(t('opportunities.settings.saved')), onError: setAlertError });
  };

  return (
    <Form form={form} layout="vertical" initialValues={settings} data-testid="opportunity-settings-form">
      <ErrorAlert error={alertError} />
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card title={t('opportunities.settings.stages')}>
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              {t('opportunities.settings.gatesHint')} {t('opportunities.settings.probabilitiesHint')}
            </Typography.Paragraph>
            <Row gutter={[12, 12]}>
              {OPPORTUNITY_STAGES.map((stage) => (
                <Col xs={24} sm={12} lg={8} xl={4} key={stage}>
                  <div
                    style={{
                      border: '1px solid #f0f0f0',
                      borderTop: `3px solid ${STAGE_HEX[stage]}`,
                      borderRadius: 8,
                      padding: '10px 12px 0',
                      height: '100%',
                    }}
                    data-testid={`settings-stage-${stage}`}
                  >
                    <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
                      {t(`opportunities.stages.${stage}`)}
                    </Typography.Text>
                    <Form.Item name={['probabilities', stage]} label={t('opportunities.fields.probability')} rules={required}>
                      <InputNumber
                        min={0}
                        max={100}
                        precision={0}
                        suffix="%"
                        style={{ width: '100%' }}
                        data-testid={`settings-probability-${stage}`}
                      />
                    </Form.Item>
                    <Form.Item name={['gates', stage]} label={t('opportunities.settings.gates')}>
                      <Checkbox.Group
                        options={requirementOptions}
                        style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                        data-testid={`settings-gates-${stage}`}
                      />
                    </Form.Item>
                  </div>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t('opportunities.settings.lostReasons')}>
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              {t('opportunities.settings.lostReasonsHint')}
            </Typography.Paragraph>
            <Form.List name="lostReasons">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Flex key={field.key} gap={8} wrap align="flex-start">
                      <Form.Item name={[field.name, 'code']} rules={required} style={{ flex: '1 1 140px', marginBottom: 8 }}>
                        <Input placeholder={t('opportunities.settings.code')} maxLength={40} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'zh']} rules={required} style={{ flex: '1 1 140px', marginBottom: 8 }}>
                        <Input placeholder={t('opportunities.settings.zh')} maxLength={40} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'en']} rules={required} style={{ flex: '1 1 160px', marginBottom: 8 }}>
                        <Input placeholder={t('opportunities.settings.en')} maxLength={40} />
                      </Form.Item>
                      <Button
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                        disabled={fields.length <= 1}
                        aria-label={t('common.actions.delete')}
                      />
                    </Flex>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ code: '', zh: '', en: '' })}
                    data-testid="settings-add-reason"
                  >
                    {t('opportunities.settings.addReason')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('opportunities.board.title')} style={{ height: '100%' }}>
            <Form.Item name="boardClosedDays" label={t('opportunities.settings.boardClosedDays')} rules={required}>
              <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} data-testid="settings-board-closed-days" />
            </Form.Item>
          </Card>
        </Col>
      </Row>
      <Flex justify="flex-end" style={{ marginTop: 16 }}>
        <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="opportunity-settings-save">
          {t('common.actions.save')}
        </Button>
      </Flex>
    </Form>
  );
}

/** Admin page: stage probabilities, stage gates (OPP-GATE) and lost reasons. */
export default function OpportunitySettingsPage() {
  const { t } = useTranslation();
  const settings = useOpportunitySettings();
  return (
    <>
      <PageHeader title={t('opportunities.settings.title')} subtitle={t('opportunities.settings.subtitle')} />
      <ErrorAlert error={settings.error} onReload={() => void settings.refetch()} />
      {settings.data ? <SettingsForm settings={settings.data} /> : settings.isPending ? <Skeleton active /> : null}
    </>
  );
}
