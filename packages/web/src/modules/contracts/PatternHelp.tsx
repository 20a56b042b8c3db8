import { Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTimeZone } from '../../core/session';
import { dayjs } from '../../core/time';

/** The number a pattern gives for the first document this month (`{YYYY}` `{YY}` `{MM}` `{SEQ:n}`). */
function sampleNumber(pattern: string, timeZone: string): string {
  const now = dayjs().tz(timeZone);
  return pattern
    .replaceAll('{YYYY}', String(now.year()))
    .replaceAll('{YY}', String(now.year() % 100).padStart(2, '0'))
    .replaceAll('{MM}', String(now.month() + 1).padStart(2, '0'))
    .replace(/\{SEQ(?::(\d+))?\}/g, (_, width: string | undefined) => '1'.padStart(Number(width ?? 1), '0'));
}

function PatternHelp({ pattern }: { pattern: string | undefined }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('contracts.settings.patternHelp')}
      {pattern ? ` ${t('contracts.settings.sample', { number: sampleNumber(pattern, timeZone) })}` : ''}
    </Typography.Text>
  );
}

/** The `numberPattern` field of a numbering settings form (contracts, orders), with its help and a sample number. */
export function NumberPatternItem({ label, pattern, testId }: { label: string; pattern: string | undefined; testId: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="numberPattern"
      label={label}
      extra={<PatternHelp pattern={pattern} />}
      rules={[{ required: true, message: t('common.validation.required') }]}
    >
      <Input maxLength={40} data-testid={testId} />
    </Form.Item>
  );
}
