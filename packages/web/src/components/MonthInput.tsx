import type { CSSProperties } from 'react';
import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/**
 * A month ('YYYY-MM') through antd's picker, whose panel follows the interface language (antd's
 * ConfigProvider locale and dayjs). A native <input type="month"> shows the browser's own language
 * instead: Chinese month names on the en-US page of a Chinese browser.
 */
export function MonthInput({
  value,
  onChange,
  ...rest
}: {
  value: string;
  onChange: (month: string) => void;
  style?: CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
}) {
  return (
    <DatePicker
      picker="month"
      format="YYYY-MM"
      allowClear={false}
      value={dayjs(`${value}-01`)}
      onChange={(month) => month && onChange(month.format('YYYY-MM'))}
      {...rest}
    />
  );
}
