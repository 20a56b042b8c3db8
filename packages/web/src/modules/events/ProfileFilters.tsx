import { Flex, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { AGE_BANDS, type InvitationProfileFilter } from '@xiaoguan/shared';

/** The customer-profile filters (age band, gender, occupation, interest) of the call list (issue 17 item 3). */
export function ProfileFilters({
  value,
  onChange,
  testId,
}: {
  value: InvitationProfileFilter;
  onChange: (next: InvitationProfileFilter) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const set = (patch: InvitationProfileFilter) => onChange({ ...value, ...patch });
  return (
    <Flex gap={8} wrap data-testid={testId}>
      <Select
        allowClear
        placeholder={t('events.onsite.filters.ageBand')}
        style={{ width: 130 }}
        value={value.ageBand}
        onChange={(ageBand) => set({ ageBand })}
        options={AGE_BANDS.map((band) => ({ value: band, label: t(`events.onsite.filters.ageBands.${band}`) }))}
        data-testid={`${testId}-age`}
      />
      <Select
        allowClear
        placeholder={t('events.onsite.filters.gender')}
        style={{ width: 110 }}
        value={value.gender}
        onChange={(gender) => set({ gender })}
        options={(['female', 'male', 'other'] as const).map((g) => ({ value: g, label: t(`events.onsite.filters.genders.${g}`) }))}
        data-testid={`${testId}-gender`}
      />
      <Input.Search
        allowClear
        placeholder={t('events.onsite.filters.occupation')}
        style={{ width: 150 }}
        onSearch={(text) => set({ occupation: text.trim() || undefined })}
        data-testid={`${testId}-occupation`}
      />
      <Input.Search
        allowClear
        placeholder={t('events.onsite.filters.interest')}
        style={{ width: 150 }}
        onSearch={(text) => set({ interest: text.trim() || undefined })}
        data-testid={`${testId}-interest`}
      />
    </Flex>
  );
}
