import { useState } from 'react';
import { Button, DatePicker, Flex, InputNumber } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { InlineEdit } from './InlineEdit';

type Props<V> = Omit<Parameters<typeof InlineEdit<V>>[0], 'editor'>;

/** An amount in yuan edited in place, saved as cents (Enter or the save button). */
export function InlineMoney({ cents, ...props }: Props<number> & { cents: number }) {
  const { t } = useTranslation();
  return (
    <InlineEdit<number>
      {...props}
      editor={({ save, saving }) => (
        <MoneyEditor initial={cents} save={save} saving={saving} label={t('common.actions.save')} testId={props.testId} />
      )}
    />
  );
}

function MoneyEditor({
  initial,
  save,
  saving,
  label,
  testId,
}: {
  initial: number;
  save: (cents: number) => void;
  saving: boolean;
  label: string;
  testId: string;
}) {
  const [yuan, setYuan] = useState<number | null>(initial / 100);
  const submit = () => {
    if (yuan !== null && yuan >= 0) save(Math.round(yuan * 100));
  };
  return (
    <Flex gap={8}>
      <InputNumber<number>
        autoFocus
        min={0}
        precision={2}
        value={yuan}
        onChange={setYuan}
        onPressEnter={submit}
        style={{ width: 160 }}
        data-testid={`${testId}-input`}
      />
      <Button type="primary" loading={saving} onClick={submit} data-testid={`${testId}-save`}>
        {label}
      </Button>
    </Flex>
  );
}

/** A calendar date (YYYY-MM-DD) edited in place. */
export function InlineDate({ date, ...props }: Props<string | null> & { date: string | null }) {
  return (
    <InlineEdit<string | null>
      {...props}
      editor={({ save, saving }) => (
        <DatePicker
          autoFocus
          defaultOpen
          disabled={saving}
          defaultValue={date ? dayjs(date) : undefined}
          onChange={(value) => save(value ? value.format('YYYY-MM-DD') : null)}
          data-testid={`${props.testId}-picker`}
        />
      )}
    />
  );
}
