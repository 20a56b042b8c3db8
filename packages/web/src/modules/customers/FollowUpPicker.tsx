import { DatePicker, type FormRule } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useOptionalMe, useTimeZone } from '../../core/session';
import { dayjs } from '../../core/time';
import { clockMinutes } from '@xiaoguan/shared';
import { followUpPickerValue, nowPicker } from './time';

const DEFAULT_FOLLOW_UP_TIME = '10:00';

/** The company's working time for follow-ups (settings, sent with the session). */
export function useFollowUpTime(): string {
  return useOptionalMe()?.company.followUpTime ?? DEFAULT_FOLLOW_UP_TIME;
}

/** Refuses a follow-up time that has passed (issue 16), with a message naming why. */
export function futureRule(t: TFunction, timeZone: string): FormRule {
  return {
    validator: (_, value: Dayjs | null | undefined) =>
      !value || value.isAfter(nowPicker(timeZone)) ? Promise.resolve() : Promise.reject(new Error(t('customers.timeline.followUpPast'))),
  };
}

/**
 * A date-time picker for a next follow-up: a day picked without a time is due at the working time
 * (or the next full hour today), never midnight; days before today are not offered.
 */
export function FollowUpPicker({
  value,
  onChange,
  testId,
  allowClear = true,
}: {
  value?: Dayjs | null;
  onChange?: (value: Dayjs | null) => void;
  testId?: string;
  allowClear?: boolean;
}) {
  const timeZone = useTimeZone();
  const followUpTime = useFollowUpTime();
  return (
    <DatePicker
      value={value}
      onChange={(picked: Dayjs | null) => onChange?.(picked ? followUpPickerValue(picked, nowPicker(timeZone), followUpTime) : null)}
      showTime={{ format: 'HH:mm', defaultValue: dayjs().startOf('day').add(clockMinutes(followUpTime), 'minute') }}
      format="YYYY-MM-DD HH:mm"
      style={{ width: '100%' }}
      disabledDate={(date) => date.isBefore(nowPicker(timeZone), 'day')}
      allowClear={allowClear}
      data-testid={testId}
    />
  );
}
