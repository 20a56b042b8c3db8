import { useMemo, useState } from 'react';
import { Alert, AutoComplete, Flex, Select, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { ImportSession, ImportValueMapping, ImportValues, ValueMappedField } from '@xiaoguan/shared';
import { useDebounced } from '../../components/hooks';
import { useImportOwners } from './api';
import { enumOptions } from './labels';

/**
 * Issue 22 item 2: the header row, detected or picked by the user among the first rows of the file.
 * Shown with a warning when fewer than two columns were recognised (the detection is unsure).
 */
export function HeaderRowPicker({
  session,
  onPick,
  busy,
  nameMapped,
}: {
  session: ImportSession;
  onPick: (row: number) => void;
  busy: boolean;
  /** Once the user has mapped the name, the header is theirs: no more warning. */
  nameMapped: boolean;
}) {
  const { t } = useTranslation();
  const recognised = Object.values(session.suggestedMapping).filter(Boolean).length;
  const unsure = recognised < 2 && !nameMapped;
  const options = session.headerCandidates.map((candidate) => {
    const cells = candidate.cells.filter((cell) => cell.trim());
    const text = cells.slice(0, 6).join(' · ') + (cells.length > 6 ? ' …' : '');
    return { value: candidate.row, label: t('customers.import.headerOption', { row: candidate.row, cells: text || '—' }) };
  });
  return (
    <div style={{ marginBottom: 16 }} data-testid="import-header-picker">
      {unsure ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('customers.import.headerUnsure')} /> : null}
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{t('customers.import.headerRow')}</Typography.Text>
        <Select
          value={session.headerRow ?? undefined}
          options={options}
          loading={busy}
          disabled={busy}
          onChange={(row: number) => row !== session.headerRow && onPick(row)}
          style={{ flex: '1 1 260px', minWidth: 0, maxWidth: 560 }}
          popupMatchSelectWidth={false}
          data-testid="import-header-row"
        />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('customers.import.headerHint')}
      </Typography.Text>
    </div>
  );
}

/** Issue 22 item 4: the file's columns that map to nothing, said plainly before the import. */
export function IgnoredColumns({ columns }: { columns: string[] }) {
  const { t } = useTranslation();
  if (!columns.length) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginTop: 16 }}
      data-testid="import-ignored"
      title={t('customers.import.willBeIgnored', { count: columns.length })}
      description={
        <Flex gap={4} wrap>
          {columns.map((column) => (
            <Tag key={column} style={{ marginInlineEnd: 0 }}>
              {column}
            </Tag>
          ))}
        </Flex>
      }
    />
  );
}

/** Fields whose values must be one of ours (industry and owner take any text). */
const CHOICE_FIELDS = new Set<ValueMappedField>(['kind', 'tier', 'status', 'source', 'gender', 'size']);

type ValueRow = ImportValues['fields'][number]['values'][number];

/**
 * Issue 22 item 5: each value of the file's value columns (type, tier, lifecycle, source, gender,
 * size, industry, owner) next to ours: suggested from the synonyms or the user's earlier choice;
 * values we do not understand are marked, and the user maps them.
 */
export function ValueMappingStep({
  values,
  mapping,
  setMapping,
}: {
  values: ImportValues;
  mapping: ImportValueMapping;
  setMapping: (mapping: ImportValueMapping) => void;
}) {
  const { t } = useTranslation();
  const choices = useMemo(() => {
    const options = enumOptions(t);
    return {
      kind: options.kinds,
      tier: options.tiers,
      status: options.statuses,
      source: options.sources,
      gender: options.genders,
      size: options.sizes,
    } as Partial<Record<ValueMappedField, { value: string; label: string }[]>>;
  }, [t]);
  if (!values.fields.length) return <Typography.Paragraph type="secondary">{t('customers.import.noValueColumns')}</Typography.Paragraph>;
  return (
    <div data-testid="import-values">
      <Typography.Paragraph type="secondary">{t('customers.import.valuesHint')}</Typography.Paragraph>
      {values.fields.map((entry) => {
        const chosen = (row: ValueRow) => mapping[entry.field]?.[row.value] ?? row.suggested ?? undefined;
        const set = (value: string, target: string | undefined) =>
          setMapping({ ...mapping, [entry.field]: { ...mapping[entry.field], [value]: target ?? '' } });
        const columns: ColumnsType<ValueRow> = [
          {
            title: t('customers.import.fileValue'),
            key: 'value',
            render: (_, row) => (
              <Flex gap={6} align="center" wrap>
                <Typography.Text code>{row.value}</Typography.Text>
                {!chosen(row) && choices[entry.field] ? (
                  <Tag color="red" style={{ marginInlineEnd: 0 }}>
                    {t('customers.import.unknownValue')}
                  </Tag>
                ) : null}
              </Flex>
            ),
          },
          { title: t('customers.import.rows'), key: 'count', width: 70, render: (_, row) => row.count },
          {
            title: t('customers.import.ourValue'),
            key: 'target',
            width: 200,
            render: (_, row) => {
              const options = choices[entry.field];
              const value = chosen(row);
              if (entry.field === 'ownerUsername')
                return (
                  <OwnerPicker
                    fileValue={row.value}
                    value={value}
                    onChange={(next) => set(row.value, next)}
                    testId={`import-value-${entry.field}-${row.value}`}
                  />
                );
              return options ? (
                <Select
                  value={value || undefined}
                  allowClear
                  placeholder={t('customers.import.pickValue')}
                  options={options}
                  onChange={(next: string | undefined) => set(row.value, next)}
                  status={value ? undefined : 'error'}
                  style={{ width: '100%', minWidth: 130 }}
                  data-testid={`import-value-${entry.field}-${row.value}`}
                />
              ) : (
                <AutoComplete
                  value={value ?? ''}
                  placeholder={row.value}
                  onChange={(next: string) => set(row.value, next || undefined)}
                  style={{ width: '100%', minWidth: 130 }}
                  data-testid={`import-value-${entry.field}-${row.value}`}
                />
              );
            },
          },
        ];
        return (
          <div key={entry.field} style={{ marginBottom: 20 }}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('customers.import.valuesOf', { column: entry.column, field: t(`customers.import.fields.${entry.field}`) })}
            </Typography.Title>
            <Table
              size="small"
              rowKey="value"
              dataSource={entry.values}
              columns={columns}
              pagination={entry.values.length > 10 ? { pageSize: 10, size: 'small' } : false}
              scroll={{ x: 'max-content' }}
            />
            {entry.truncated ? <Typography.Text type="secondary">{t('customers.import.valuesTruncated')}</Typography.Text> : null}
          </div>
        );
      })}
    </div>
  );
}

/**
 * Issue 22 item 3: the owner a file value stands for, picked among the users the importer may import
 * for (searched on the server by username, name or employee number; shown with name, employee number
 * and unit). It starts searching for the chosen user, else for the file's value.
 */
function OwnerPicker({
  fileValue,
  value,
  onChange,
  testId,
}: {
  fileValue: string;
  value: string | undefined;
  onChange: (username: string | undefined) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState<string | null>(null);
  const q = useDebounced((search ?? value ?? fileValue).trim(), 250);
  const owners = useImportOwners(q);
  // the chosen user keeps their label while other searches are shown
  const [labels, setLabels] = useState<Record<string, string>>({});
  const options = useMemo(
    () =>
      (owners.data?.items ?? []).map((owner) => ({
        value: owner.username,
        label: [owner.displayName, owner.employeeNo ?? owner.username, owner.orgUnitName].filter(Boolean).join(' · '),
      })),
    [owners.data],
  );
  const shown =
    value && !options.some((option) => option.value === value) ? [{ value, label: labels[value] ?? value }, ...options] : options;
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value || undefined}
      onChange={(next) => {
        const label = options.find((option) => option.value === next)?.label;
        if (next && label) setLabels({ ...labels, [next]: label });
        onChange(next || undefined);
      }}
      options={shown}
      placeholder={t('customers.import.ownerPlaceholder')}
      notFoundContent={owners.isFetching ? <Spin size="small" /> : t('customers.import.ownerNone')}
      popupMatchSelectWidth={false}
      style={{ width: '100%', minWidth: 200 }}
      data-testid={testId}
    />
  );
}

/** What the validation is sent: the values the user chose that the server would not understand by itself. */
export function chosenValueMapping(values: ImportValues | null, edits: ImportValueMapping): ImportValueMapping {
  const result: ImportValueMapping = {};
  for (const entry of values?.fields ?? []) {
    const picked: Record<string, string> = {};
    for (const row of entry.values) {
      const target = edits[entry.field]?.[row.value] ?? row.suggested ?? '';
      if (target && (!row.known || target !== row.suggested)) picked[row.value] = target;
    }
    if (Object.keys(picked).length) result[entry.field] = picked;
  }
  return result;
}

/** Values still without one of ours (the validation would refuse their rows). */
export function unmappedValues(values: ImportValues | null, edits: ImportValueMapping): number {
  let count = 0;
  for (const entry of values?.fields ?? [])
    if (CHOICE_FIELDS.has(entry.field)) for (const row of entry.values) if (!(edits[entry.field]?.[row.value] ?? row.suggested)) count++;
  return count;
}
