import { useRef, useState } from 'react';
import { Flex, Input, Segmented, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useTranslation } from 'react-i18next';
import { MERGE_FIELDS, mergeTemplate, unknownMergeFields, type MergeValues } from '@xiaoguan/shared';

interface BodyEditorProps {
  value?: string | null;
  onChange?: (value: string) => void;
  /** Values the preview merges in (the same mergeTemplate the server runs). */
  values: MergeValues;
  testId: string;
  rows?: number;
}

/** The merged text as it will print: pre-wrapped, on paper-like ground. */
export function MergedText({ text, testId }: { text: string; testId?: string }) {
  return (
    <div
      data-testid={testId}
      style={{
        whiteSpace: 'pre-wrap',
        background: '#fafafa',
        border: '1px solid #f0f0f0',
        borderRadius: 8,
        padding: 16,
        fontFamily: '"Songti SC", "SimSun", serif',
        lineHeight: 1.9,
        minHeight: 120,
        overflowWrap: 'anywhere',
      }}
    >
      {text}
    </div>
  );
}

/** A contract body with merge fields: click a field to insert it at the cursor; switch to the merged preview. */
export function BodyEditor({ value, onChange, values, testId, rows = 14 }: BodyEditorProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'edit' | 'preview'>('edit');
  const area = useRef<TextAreaRef>(null);
  const text = value ?? '';
  const unknown = unknownMergeFields(text);
  const insert = (field: string) => {
    const element = area.current?.resizableTextArea?.textArea;
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? text.length;
    const token = `{{${field}}}`;
    onChange?.(text.slice(0, start) + token + text.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };
  return (
    <div data-testid={testId}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Segmented
          size="small"
          value={mode}
          onChange={(next) => setMode(next as 'edit' | 'preview')}
          options={[
            { value: 'edit', label: t('contracts.body.edit') },
            { value: 'preview', label: t('contracts.body.preview') },
          ]}
          data-testid={`${testId}-mode`}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('contracts.body.hint')}
        </Typography.Text>
      </Flex>
      {mode === 'edit' ? (
        <>
          <Flex gap={4} wrap style={{ marginBottom: 8 }}>
            {MERGE_FIELDS.map((field) => (
              <Tag
                key={field}
                color="blue"
                style={{ cursor: 'pointer', marginInlineEnd: 0 }}
                onClick={() => insert(field)}
                data-testid={`${testId}-field-${field}`}
              >
                {t(`contracts.mergeFields.${field.replace('.', '_')}`)}
              </Tag>
            ))}
          </Flex>
          <Input.TextArea
            ref={area}
            value={text}
            onChange={(event) => onChange?.(event.target.value)}
            rows={rows}
            style={{ fontFamily: 'monospace' }}
            data-testid={`${testId}-text`}
          />
          {unknown.length ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {t('contracts.body.unknown', { fields: unknown.map((f) => `{{${f}}}`).join(' ') })}
            </Typography.Text>
          ) : null}
        </>
      ) : (
        <MergedText text={mergeTemplate(text, values)} testId={`${testId}-preview`} />
      )}
    </div>
  );
}

/** Placeholder values for previewing a template without a contract. */
export function sampleMergeValues(today: string): MergeValues {
  return {
    customer: { name: '示例客户有限公司', address: '上海市浦东新区世纪大道 100 号', taxId: '91310000MA1FL00000' },
    contract: { number: 'HT-2026-000001', title: '年度采购合同', amountCents: 12_345_600, signedOn: today, startsOn: today, endsOn: null },
    owner: { name: '张三' },
    today,
  };
}
