import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Card, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { CameraOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../core/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCreateClaim, useExpenseSettings } from './api';
import { yuanToCents } from './labels';

interface LineValues {
  category?: string;
  spentOn?: string;
  amount?: string;
  purpose?: string;
  invoiceNumber?: string;
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * A new claim, phone-first (R-EXP-1): photograph the invoice (`capture` opens the camera on a phone),
 * fill the items, submit. R-EXP-2 may block the submission: the claim page then shows the figures.
 */
export default function NewClaimPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const settings = useExpenseSettings();
  const create = useCreateClaim();
  const [form] = Form.useForm<{ title: string; lines: LineValues[] }>();
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<unknown>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const categories = settings.data?.categories ?? [];

  const save = async (andSubmit: boolean) => {
    const values = await form.validateFields();
    setError(null);
    try {
      const claim = await create.mutateAsync({
        input: {
          title: values.title,
          lines: values.lines.map((line) => ({
            category: line.category!,
            spentOn: line.spentOn!,
            amountCents: yuanToCents(line.amount),
            purpose: line.purpose!,
            invoiceNumber: line.invoiceNumber?.trim() ? line.invoiceNumber.trim() : null,
          })),
        },
        files,
      });
      if (andSubmit) {
        try {
          await api.post(`/expense-claims/${claim.id}/submit`, { version: claim.version });
          message.success(t('expenses.claims.submitted'));
        } catch (submitError) {
          // Blocked over budget or missing invoice: the claim page shows why and what to do.
          if (!isApiError(submitError) || submitError.status !== 422) throw submitError;
        }
      } else message.success(t('expenses.claims.saved'));
      navigate(`/expenses/claims/${claim.id}`);
    } catch (saveError) {
      if (isApiError(saveError) && saveError.formField) {
        const path = saveError.formField.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
        if (path[0] === 'lines' && path[2] === 'amountCents') path[2] = 'amount';
        form.setFields([{ name: path as never, errors: [saveError.message] }]);
      }
      setError(saveError);
    }
  };

  return (
    <div style={{ maxWidth: 640 }}>
      <PageHeader title={t('expenses.claims.new')} />
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" initialValues={{ lines: [{ spentOn: today() }] }} requiredMark={false}>
        <Form.Item name="title" label={t('expenses.fields.title')} rules={[{ required: true, max: 120 }]}>
          <Input data-testid="claim-title" />
        </Form.Item>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={`${t('expenses.claims.lines')} ${index + 1}`}
                  extra={
                    fields.length > 1 ? (
                      <Button
                        type="text"
                        size="small"
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                        aria-label={t('expenses.claims.removeLine')}
                      />
                    ) : null
                  }
                >
                  <Flex gap={8} wrap>
                    <Form.Item
                      name={[field.name, 'category']}
                      label={t('expenses.fields.category')}
                      rules={[{ required: true }]}
                      style={{ flex: '1 1 140px', marginBottom: 8 }}
                    >
                      <Select options={categories.map((c) => ({ value: c, label: c }))} data-testid={`line-${index}-category`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'spentOn']}
                      label={t('expenses.fields.spentOn')}
                      rules={[{ required: true }]}
                      style={{ flex: '1 1 140px', marginBottom: 8 }}
                    >
                      <Input type="date" data-testid={`line-${index}-date`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'amount']}
                      label={t('expenses.fields.amount')}
                      rules={[{ required: true }]}
                      style={{ flex: '1 1 140px', marginBottom: 8 }}
                    >
                      <InputNumber<string>
                        stringMode
                        min="0.01"
                        precision={2}
                        style={{ width: '100%' }}
                        inputMode="decimal"
                        data-testid={`line-${index}-amount`}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'invoiceNumber']}
                      label={t('expenses.fields.invoiceNumber')}
                      style={{ flex: '1 1 140px', marginBottom: 8 }}
                    >
                      <Input maxLength={40} data-testid={`line-${index}-invoice`} />
                    </Form.Item>
                  </Flex>
                  <Form.Item
                    name={[field.name, 'purpose']}
                    label={t('expenses.fields.purpose')}
                    rules={[{ required: true, max: 500 }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input data-testid={`line-${index}-purpose`} />
                  </Form.Item>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ spentOn: today() })} block style={{ marginBottom: 16 }}>
                {t('expenses.claims.addLine')}
              </Button>
            </>
          )}
        </Form.List>
        <Card size="small" style={{ marginBottom: 16 }}>
          <input
            ref={fileInput}
            type="file"
            accept="image/*,application/pdf"
            capture="environment"
            multiple
            hidden
            data-testid="invoice-input"
            onChange={(event) => setFiles([...files, ...Array.from(event.target.files ?? [])])}
          />
          <Button icon={<CameraOutlined />} size="large" block onClick={() => fileInput.current?.click()} data-testid="invoice-photo">
            {t('expenses.claims.photo')}
          </Button>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
            {files.length
              ? `${t('expenses.claims.filesChosen', { count: files.length })}: ${files.map((f) => f.name).join(', ')}`
              : t('expenses.claims.photoHint')}
          </Typography.Text>
        </Card>
        <Flex gap={8} wrap>
          <Button
            type="primary"
            size="large"
            loading={create.isPending}
            onClick={() => void save(true)}
            style={{ flex: '1 1 160px' }}
            data-testid="claim-submit"
          >
            {t('expenses.claims.saveSubmit')}
          </Button>
          <Button size="large" loading={create.isPending} onClick={() => void save(false)} style={{ flex: '1 1 120px' }}>
            {t('expenses.claims.save')}
          </Button>
        </Flex>
      </Form>
    </div>
  );
}
