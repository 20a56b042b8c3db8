import { useState } from 'react';
import { App, Button, Card, Col, Flex, Form, Input, InputNumber, List, Row, Select, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { QUESTION_KINDS, ROLES, TRAINING_TOPICS, type ExamQuestion, type QuestionBank, type TrainingSettings } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { FormDrawer } from '../../components/FormDrawer';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useBanks, useSaveBank, useSaveTrainingSettings, useTrainingSettings } from './api';

interface QuestionForm {
  kind: ExamQuestion['kind'];
  text: string;
  options?: string;
  correct?: string;
  points: number;
}

const toForm = (q: ExamQuestion): QuestionForm => ({
  kind: q.kind,
  text: q.text,
  options: q.options.join('\n'),
  correct: q.correct.map((c) => c + 1).join(','),
  points: q.points,
});
const fromForm = (q: QuestionForm, index: number): ExamQuestion => ({
  id: `q${index + 1}`,
  kind: q.kind,
  text: q.text,
  options:
    q.kind === 'single' || q.kind === 'multiple'
      ? (q.options ?? '')
          .split('\n')
          .map((o) => o.trim())
          .filter(Boolean)
      : [],
  correct:
    q.kind === 'short'
      ? []
      : (q.correct ?? '')
          .split(/[,，\s]+/)
          .filter(Boolean)
          .map((c) => Number(c) - 1),
  points: q.points,
});

function BankDrawer({ bank, onClose }: { bank: QuestionBank | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveBank();
  const [form] = Form.useForm<{ title: string; topic: QuestionBank['topic']; questions: QuestionForm[] }>();
  const submit = async () => {
    const v = await form.validateFields();
    save.mutate(
      { id: bank?.id, version: bank?.version, title: v.title, topic: v.topic, questions: (v.questions ?? []).map(fromForm) },
      { onSuccess: () => (message.success(t('training.banks.saved')), onClose()), onError: (error) => message.error(error.message) },
    );
  };
  return (
    <FormDrawer
      title={t(bank ? 'training.banks.edit' : 'training.banks.newBank')}
      width={640}
      saving={save.isPending}
      onSave={submit}
      onClose={onClose}
      submitTestId="bank-save"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          bank ? { ...bank, questions: bank.questions.map(toForm) } : { topic: 'product', questions: [{ kind: 'single', points: 10 }] }
        }
      >
        <Row gutter={8}>
          <Col xs={24} sm={16}>
            <Form.Item name="title" label={t('training.banks.name')} rules={[{ required: true, max: 120 }]}>
              <Input data-testid="bank-title" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="topic" label={t('training.my.topic')}>
              <Select options={TRAINING_TOPICS.map((v) => ({ value: v, label: t(`training.topics.${v}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={`${t('training.banks.question')} ${index + 1}`}
                  extra={<Button size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="remove" />}
                >
                  <Row gutter={8}>
                    <Col xs={12}>
                      <Form.Item name={[field.name, 'kind']} label={t('training.banks.kind')}>
                        <Select options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`training.banks.kinds.${k}`) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={12}>
                      <Form.Item name={[field.name, 'points']} label={t('training.banks.points')} rules={[{ required: true }]}>
                        <InputNumber min={1} max={100} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Form.Item name={[field.name, 'text']} label={t('training.banks.question')} rules={[{ required: true, max: 1000 }]}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const kind = form.getFieldValue(['questions', field.name, 'kind']) as QuestionForm['kind'];
                      return (
                        <>
                          {kind === 'single' || kind === 'multiple' ? (
                            <Form.Item name={[field.name, 'options']} label={t('training.banks.options')}>
                              <Input.TextArea rows={3} />
                            </Form.Item>
                          ) : null}
                          {kind !== 'short' ? (
                            <Form.Item name={[field.name, 'correct']} label={t('training.banks.correct')}>
                              <Input
                                placeholder={
                                  kind === 'true_false' ? `1 = ${t('training.exam.true')}, 2 = ${t('training.exam.false')}` : '1'
                                }
                              />
                            </Form.Item>
                          ) : null}
                        </>
                      );
                    }}
                  </Form.Item>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'single', points: 10 })}>
                {t('training.banks.addQuestion')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </FormDrawer>
  );
}

function SettingsCard({ settings }: { settings: TrainingSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveTrainingSettings();
  return (
    <Card size="small" title={t('training.banks.settings')}>
      <Form
        layout="vertical"
        initialValues={settings}
        onFinish={(v: TrainingSettings) =>
          save.mutate(
            { ...v, requiredCertifications: v.requiredCertifications ?? [] },
            { onSuccess: () => message.success(t('training.banks.settingsSaved')), onError: (error) => message.error(error.message) },
          )
        }
      >
        <Typography.Text strong>{t('training.banks.required')}</Typography.Text>
        <Form.List name="requiredCertifications">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} wrap>
                  <Form.Item name={[field.name, 'role']} rules={[{ required: true }]} style={{ flex: '1 1 120px' }}>
                    <Select
                      aria-label={t('training.banks.role')}
                      options={ROLES.map((r) => ({ value: r, label: t(`common.roles.${r}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, max: 120 }]} style={{ flex: '2 1 160px' }}>
                    <Input placeholder={t('training.banks.certName')} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="remove" />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ role: 'rep', name: '' })} style={{ marginBottom: 12 }}>
                {t('training.banks.addRequired')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="renewalReminderDays" label={t('training.banks.renewalDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={365} />
        </Form.Item>
        <Form.Item name="sessionReminderHours" label={t('training.banks.reminderHours')} rules={[{ required: true }]}>
          <InputNumber min={1} max={168} />
        </Form.Item>
        <Form.Item name="skillGapPercent" label={t('training.banks.skillGap')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.actions.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** Question banks for the exams (R-TRN-1) and the training settings (required certifications, reminders). */
export default function BanksPage() {
  const { t } = useTranslation();
  const banks = useBanks();
  const settings = useTrainingSettings();
  const [editing, setEditing] = useState<QuestionBank | null | 'new'>(null);
  return (
    <>
      <PageHeader
        title={t('training.banks.title')}
        subtitle={t('training.banks.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="bank-new">
            {t('training.banks.newBank')}
          </Button>
        }
      />
      {banks.error ? <ErrorAlert error={banks.error} /> : null}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <List
              dataSource={banks.data ?? []}
              loading={banks.isLoading}
              renderItem={(b) => (
                <List.Item style={{ cursor: 'pointer' }} onClick={() => setEditing(b)} data-testid={`bank-${b.title}`}>
                  <Space wrap>
                    <Typography.Text strong>{b.title}</Typography.Text>
                    <Tag>{t(`training.topics.${b.topic}`)}</Tag>
                    <Typography.Text type="secondary">{t('training.banks.questions', { count: b.questions.length })}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          {settings.data ? <SettingsCard settings={settings.data} /> : null}
        </Col>
      </Row>
      {editing ? <BankDrawer bank={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
