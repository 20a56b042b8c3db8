import { InputNumber } from 'antd';
import { centsToYuan, yuanToCents } from './money';

interface MoneyInputProps {
  /** Integer cents. */
  value?: number | null;
  onChange?: (cents: number | null) => void;
  min?: number;
  placeholder?: string;
  disabled?: boolean;
  testId?: string;
  size?: 'small' | 'middle';
}

/** An amount in yuan with two decimals, held as integer cents (string mode: exact digits). */
export function MoneyInput({ value, onChange, min = 0, placeholder, disabled, testId, size }: MoneyInputProps) {
  return (
    <InputNumber<string>
      stringMode
      prefix="¥"
      precision={2}
      min={centsToYuan(min) ?? '0'}
      value={centsToYuan(value ?? null)}
      onChange={(next) => onChange?.(yuanToCents(next))}
      placeholder={placeholder}
      disabled={disabled}
      size={size}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}
