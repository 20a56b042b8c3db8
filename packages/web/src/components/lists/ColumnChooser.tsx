import { Button, Checkbox, Flex, Popover, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export interface ColumnOption {
  key: string;
  title: string;
}

interface ColumnChooserProps {
  /** Every column the list can show, in its order. */
  options: readonly ColumnOption[];
  /** The keys shown now. */
  visible: readonly string[];
  onChange: (visible: string[]) => void;
  /** Back to the list's own columns. */
  onReset: () => void;
  /** Back to the list's own column widths (shown once the reader has dragged one). */
  onResetWidths?: () => void;
  testId?: string;
}

/** Chooses which of a list's columns are shown (kept in the list's order); at least one stays. */
export function ColumnChooser({ options, visible, onChange, onReset, onResetWidths, testId = 'column-chooser' }: ColumnChooserProps) {
  const { t } = useTranslation();
  const toggle = (key: string, checked: boolean) => {
    const next = checked ? [...visible, key] : visible.filter((shown) => shown !== key);
    if (!next.length) return;
    onChange(options.map((option) => option.key).filter((optionKey) => next.includes(optionKey)));
  };
  const content = (
    <Flex vertical gap={6} style={{ minWidth: 180, maxHeight: 360, overflowY: 'auto' }} data-testid={`${testId}-panel`}>
      {options.map((option) => {
        const checked = visible.includes(option.key);
        const last = checked && visible.length === 1;
        return (
          <Checkbox
            key={option.key}
            checked={checked}
            disabled={last}
            onChange={(event) => toggle(option.key, event.target.checked)}
            data-testid={`${testId}-${option.key}`}
          >
            {option.title}
          </Checkbox>
        );
      })}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('lists.columns.keepOne')}
      </Typography.Text>
      <Button size="small" onClick={onReset} data-testid={`${testId}-reset`}>
        {t('lists.columns.reset')}
      </Button>
      {onResetWidths ? (
        <Button size="small" onClick={onResetWidths} data-testid={`${testId}-reset-widths`}>
          {t('lists.columns.resetWidths')}
        </Button>
      ) : null}
    </Flex>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('lists.columns.title')} content={content}>
      <Button icon={<SettingOutlined />} data-testid={testId}>
        {t('lists.columns.button')}
      </Button>
    </Popover>
  );
}
