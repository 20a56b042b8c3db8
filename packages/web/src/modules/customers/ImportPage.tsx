import { useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Popconfirm,
  Progress,
  Radio,
  Result,
  Row,
  Select,
  Skeleton,
  Statistic,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  IMPORT_FIELDS,
  type ImportField,
  type ImportMapping,
  type ImportSession,
  type ImportValueMapping,
  type ImportValues,
} from '@xiaoguan/shared';
import { apiUrl } from '../../core/api';
import { renderMessage } from '../../core/i18n';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { chosenValueMapping, HeaderRowPicker, IgnoredColumns, unmappedValues, ValueMappingStep } from './ImportSteps';
import {
  useCancelImport,
  useChooseHeaderRow,
  useImportSession,
  useImportValues,
  useRememberedMapping,
  useStartImport,
  useUploadImport,
  useValidateImport,
  type ImportMode,
} from './api';

type Stage = 'upload' | 'mapping' | 'values' | 'validate' | 'import';
const STAGES: readonly Stage[] = ['upload', 'mapping', 'values', 'validate', 'import'];
const PREVIEW_ROWS = 5;
const ERRORS_SHOWN = 20;

function stageOf(status: ImportSession['status']): Stage {
  if (status === 'uploaded') return 'mapping';
  if (status === 'validating' || status === 'validated') return 'validate';
  return 'import';
}

/** The mapping to start from: what the session has, else the suggestion, with the remembered choices on top. */
function initialMapping(session: ImportSession, remembered: ImportMapping | null | undefined): ImportMapping {
  if (session.mapping) return session.mapping;
  const mapping: ImportMapping = {};
  for (const column of session.columns) {
    const known = remembered?.[column];
    mapping[column] = known !== undefined ? known : (session.suggestedMapping[column] ?? '');
  }
  return mapping;
}

function ProgressBlock({ session, label }: { session: ImportSession; label: string }) {
  const { t } = useTranslation();
  const { processed, total } = session.progress;
  const percent = total ? Math.min(100, Math.round((processed / total) * 100)) : undefined;
  return (
    <div style={{ padding: '24px 0', maxWidth: 560, margin: '0 auto', textAlign: 'center' }} data-testid="import-progress">
      <Typography.Title level={5}>{label}</Typography.Title>
      <Progress percent={percent ?? 0} status="active" showInfo={percent !== undefined} />
      <Typography.Text type="secondary">
        {total ? t('customers.import.progress', { processed, total }) : t('customers.import.progressUnknown', { processed })}
      </Typography.Text>
    </div>
  );
}

function MappingStep({
  session,
  mapping,
  setMapping,
}: {
  session: ImportSession;
  mapping: ImportMapping;
  setMapping: (mapping: ImportMapping) => void;
}) {
  const { t } = useTranslation();
  const fieldOptions = useMemo(
    () => [
      { value: '', label: t('customers.import.ignore') },
      ...IMPORT_FIELDS.map((field) => ({ value: field, label: t(`customers.import.fields.${field}`) })),
    ],
    [t],
  );
  const used = new Map<string, number>();
  for (const value of Object.values(mapping)) if (value) used.set(value, (used.get(value) ?? 0) + 1);

  const mappingRows = session.columns.map((column, index) => ({ column, index }));
  const ignored = session.columns.filter((column) => !mapping[column]);
  const mappingColumns: ColumnsType<{ column: string; index: number }> = [
    {
      title: t('customers.import.sourceColumn'),
      key: 'column',
      render: (_, row) => <Typography.Text strong>{row.column}</Typography.Text>,
    },
    {
      title: t('customers.import.sample'),
      key: 'sample',
      render: (_, row) => (
        <Typography.Text type="secondary" ellipsis style={{ maxWidth: 220, display: 'inline-block' }}>
          {session.sampleRows
            .slice(0, 3)
            .map((values) => values[row.index])
            .filter(Boolean)
            .join(' / ') || '—'}
        </Typography.Text>
      ),
    },
    {
      title: t('customers.import.target'),
      key: 'target',
      width: 240,
      render: (_, row) => {
        const value = mapping[row.column] ?? '';
        const duplicate = value !== '' && (used.get(value) ?? 0) > 1;
        return (
          <Select
            value={value}
            status={duplicate ? 'error' : undefined}
            onChange={(next: ImportField | '') => setMapping({ ...mapping, [row.column]: next })}
            options={fieldOptions}
            style={{ width: '100%', minWidth: 180 }}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid={`import-map-${row.index}`}
          />
        );
      },
    },
  ];

  const mapped = session.columns
    .map((column, index) => ({ column, index, field: mapping[column] ?? '' }))
    .filter((entry) => entry.field !== '');
  const previewColumns: ColumnsType<string[]> = mapped.map((entry) => ({
    title: t(`customers.import.fields.${entry.field}`),
    key: `${entry.index}`,
    render: (_: unknown, values: string[]) => values[entry.index] ?? '',
  }));

  return (
    <>
      <Typography.Paragraph type="secondary">{t('customers.import.mappingHint')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey={(row) => String(row.index)}
        dataSource={mappingRows}
        columns={mappingColumns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="import-mapping"
      />
      <IgnoredColumns columns={ignored} />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('customers.import.preview', { count: Math.min(PREVIEW_ROWS, session.sampleRows.length) })}
      </Typography.Title>
      <Table
        size="small"
        rowKey={(_row, index) => String(index)}
        dataSource={session.sampleRows.slice(0, PREVIEW_ROWS)}
        columns={previewColumns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="import-preview"
      />
    </>
  );
}

function ValidationResult({ session, mode, setMode }: { session: ImportSession; mode: ImportMode; setMode: (mode: ImportMode) => void }) {
  const { t } = useTranslation();
  const validation = session.validation;
  if (!validation) return null;
  const errorColumns: ColumnsType<NonNullable<ImportSession['validation']>['errors'][number]> = [
    { title: t('customers.import.row'), key: 'row', width: 70, render: (_, error) => error.row },
    { title: t('customers.import.column'), key: 'column', render: (_, error) => error.column ?? '—' },
    {
      title: t('customers.import.value'),
      key: 'value',
      render: (_, error) => (error.value ? <Typography.Text code>{error.value}</Typography.Text> : '—'),
    },
    { title: t('customers.import.reason'), key: 'reason', render: (_, error) => renderMessage(error.message, error.reason) },
  ];
  const totals = [
    { key: 'total', value: validation.totalRows, color: undefined },
    { key: 'valid', value: validation.validRows, color: '#389e0d' },
    { key: 'invalid', value: validation.invalidRows, color: validation.invalidRows ? '#cf1322' : undefined },
    { key: 'duplicates', value: validation.duplicateRows, color: validation.duplicateRows ? '#d48806' : undefined },
  ];
  return (
    <>
      <IgnoredColumns columns={session.ignoredColumns} />
      <div style={{ height: 16 }} />
      <Row gutter={[12, 12]} data-testid="import-totals">
        {totals.map((total) => (
          <Col xs={12} md={6} key={total.key}>
            <Card size="small">
              <Statistic
                title={t(`customers.import.totals.${total.key}`)}
                value={total.value}
                styles={{ content: { color: total.color } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {validation.errors.length ? (
        <>
          <Flex justify="space-between" align="center" wrap gap={8} style={{ margin: '20px 0 8px' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('customers.import.errors', { count: Math.min(ERRORS_SHOWN, validation.errors.length) })}
            </Typography.Title>
            <a href={apiUrl(`/customer-imports/${session.id}/errors.csv`)} download data-testid="import-errors-csv">
              <DownloadOutlined /> {t('customers.import.downloadErrors')}
            </a>
          </Flex>
          <Table
            size="small"
            rowKey={(error, index) => `${error.row}-${error.column}-${index}`}
            dataSource={validation.errors.slice(0, ERRORS_SHOWN)}
            columns={errorColumns}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="import-errors"
          />
        </>
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('customers.import.mode')}
      </Typography.Title>
      <Radio.Group value={mode} onChange={(event) => setMode(event.target.value as ImportMode)} data-testid="import-mode">
        <Flex vertical gap={8}>
          {(['all_or_nothing', 'valid_only'] as const).map((value) => (
            <Radio key={value} value={value}>
              <span style={{ fontWeight: 500 }} data-testid={`import-mode-${value}`}>
                {t(`customers.import.modes.${value}`)}
              </span>
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{t(`customers.import.modeHints.${value}`)}</div>
            </Radio>
          ))}
        </Flex>
      </Radio.Group>
      {mode === 'all_or_nothing' && validation.invalidRows > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 16 }}
          title={t('customers.import.allOrNothingBlocked', { count: validation.invalidRows })}
        />
      ) : null}
    </>
  );
}

/** The import wizard: upload → map columns (with a preview) → validate → import, each with progress. */
export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [search, setSearch] = useSearchParams();
  const sessionId = search.get('id');
  const session = useImportSession(sessionId);
  const remembered = useRememberedMapping();
  const upload = useUploadImport();
  const validate = useValidateImport();
  const start = useStartImport();
  const cancel = useCancelImport();
  const chooseHeader = useChooseHeaderRow();
  const loadValues = useImportValues();
  const [valuesState, setValuesState] = useState<{ id: string; values: ImportValues } | null>(null);
  const [valueEdits, setValueEdits] = useState<ImportValueMapping>({});
  const [mappingEdits, setMappingEdits] = useState<{ id: string; mapping: ImportMapping } | null>(null);
  const [stageOverride, setStageOverride] = useState<{ id: string; stage: Stage } | null>(null);
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [actionError, setActionError] = useState<unknown>(null);

  const data = session.data;
  const mapping = data ? (mappingEdits?.id === data.id ? mappingEdits.mapping : initialMapping(data, remembered.data)) : {};
  const setMapping = (next: ImportMapping) => data && setMappingEdits({ id: data.id, mapping: next });
  const statusStage = data ? stageOf(data.status) : 'upload';
  // "Back" from validation, and the value-mapping step, are the steps the server's status does not tell.
  const stage: Stage = !sessionId
    ? 'upload'
    : stageOverride && stageOverride.id === sessionId && (data?.status === 'validated' || data?.status === 'uploaded')
      ? stageOverride.stage
      : statusStage;
  const values = valuesState && valuesState.id === data?.id ? valuesState.values : null;

  const restart = () => {
    setActionError(null);
    setMappingEdits(null);
    setStageOverride(null);
    setValuesState(null);
    setValueEdits({});
    setSearch({}, { replace: true });
  };

  const mappingProblem = (() => {
    const targets = Object.values(mapping).filter(Boolean);
    if (!targets.includes('name')) return t('customers.import.nameRequired');
    const seen = new Set<string>();
    for (const target of targets) {
      if (seen.has(target)) return t('customers.import.duplicateTargets', { field: t(`customers.import.fields.${target}`) });
      seen.add(target);
    }
    return null;
  })();

  const onValidate = () => {
    if (!data || mappingProblem) return;
    setActionError(null);
    validate.mutate(
      { id: data.id, body: { mapping, valueMapping: chosenValueMapping(values, valueEdits) } },
      { onSuccess: () => setStageOverride(null), onError: setActionError },
    );
  };
  // Issue 22 item 5: the value-mapping step, with the values of the mapped value columns.
  const onValues = () => {
    if (!data || mappingProblem) return;
    setActionError(null);
    loadValues.mutate(
      { id: data.id, mapping },
      {
        onSuccess: (loaded) => {
          setValuesState({ id: data.id, values: loaded });
          setStageOverride({ id: data.id, stage: 'values' });
        },
        onError: setActionError,
      },
    );
  };
  const onPickHeader = (row: number) => {
    if (!data) return;
    setActionError(null);
    chooseHeader.mutate(
      { id: data.id, row },
      {
        onSuccess: () => {
          setMappingEdits(null);
          setValuesState(null);
        },
        onError: setActionError,
      },
    );
  };
  const unmapped = unmappedValues(values, valueEdits);
  const onStart = () => {
    if (!data) return;
    setActionError(null);
    start.mutate({ id: data.id, body: { mode } }, { onError: setActionError });
  };
  const onCancel = () => {
    if (!data) return;
    cancel.mutate(
      { id: data.id },
      { onSuccess: () => message.info(t('customers.import.cancelled')), onError: (error) => message.error(errorMessage(t, error)) },
    );
  };

  const blocked = mode === 'all_or_nothing' && (data?.validation?.invalidRows ?? 0) > 0;
  let body: ReactNode = null;
  let footer: ReactNode = null;

  if (stage === 'upload') {
    body = (
      <div data-testid="import-upload">
        <Upload.Dragger
          accept=".csv,.xlsx"
          multiple={false}
          showUploadList={false}
          disabled={upload.isPending}
          beforeUpload={(file) => {
            const lower = file.name.toLowerCase();
            if (!lower.endsWith('.csv') && !lower.endsWith('.xlsx')) {
              message.error(t('customers.import.badFile'));
              return Upload.LIST_IGNORE;
            }
            setActionError(null);
            upload.mutate(file, {
              onSuccess: (created) => {
                setMappingEdits(null);
                setSearch({ id: created.id }, { replace: true });
              },
              onError: setActionError,
            });
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">{upload.isPending ? <Skeleton.Avatar active /> : <InboxOutlined />}</p>
          <p className="ant-upload-text">{upload.isPending ? t('customers.import.uploading') : t('customers.import.drop')}</p>
          <p className="ant-upload-hint">{t('customers.import.dropHint')}</p>
        </Upload.Dragger>
      </div>
    );
  } else if (!data) {
    body = session.error ? null : <Skeleton active />;
  } else if (data.status === 'failed') {
    body = (
      <Result
        status="error"
        title={t('customers.import.failed')}
        subTitle={data.error || data.errorMessage ? renderMessage(data.errorMessage, data.error ?? '') : undefined}
        extra={
          <Button type="primary" icon={<ReloadOutlined />} onClick={restart}>
            {t('customers.import.restart')}
          </Button>
        }
        data-testid="import-failed"
      />
    );
  } else if (stage === 'mapping') {
    body = (
      <>
        <HeaderRowPicker
          session={data}
          onPick={onPickHeader}
          busy={chooseHeader.isPending}
          nameMapped={Object.values(mapping).includes('name')}
        />
        <MappingStep session={data} mapping={mapping} setMapping={setMapping} />
      </>
    );
    footer = (
      <>
        <Button icon={<ArrowLeftOutlined />} onClick={restart}>
          {t('customers.import.restart')}
        </Button>
        <Button
          type="primary"
          disabled={Boolean(mappingProblem)}
          loading={loadValues.isPending}
          onClick={onValues}
          data-testid="import-next"
        >
          {t('customers.import.next')}
        </Button>
      </>
    );
  } else if (stage === 'values' && values) {
    body = (
      <>
        {unmapped ? (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('customers.import.valuesUnmapped', { count: unmapped })} />
        ) : null}
        <ValueMappingStep values={values} mapping={valueEdits} setMapping={setValueEdits} />
      </>
    );
    footer = (
      <>
        <Button icon={<ArrowLeftOutlined />} onClick={() => setStageOverride({ id: data.id, stage: 'mapping' })}>
          {t('customers.import.back')}
        </Button>
        <Button
          type="primary"
          disabled={Boolean(mappingProblem)}
          loading={validate.isPending}
          onClick={onValidate}
          data-testid="import-validate"
        >
          {t('customers.import.validate')}
        </Button>
      </>
    );
  } else if (stage === 'values') {
    body = <Skeleton active />;
  } else if (stage === 'validate') {
    body =
      data.status === 'validating' ? (
        <ProgressBlock session={data} label={t('customers.import.validating')} />
      ) : (
        <ValidationResult session={data} mode={mode} setMode={setMode} />
      );
    footer =
      data.status === 'validated' ? (
        <>
          <Button icon={<ArrowLeftOutlined />} onClick={() => setStageOverride({ id: data.id, stage: 'mapping' })}>
            {t('customers.import.back')}
          </Button>
          <Button
            type="primary"
            disabled={blocked || (data.validation?.validRows ?? 0) === 0}
            loading={start.isPending}
            onClick={onStart}
            data-testid="import-start"
          >
            {t('customers.import.start')}
          </Button>
        </>
      ) : null;
  } else if (data.status === 'importing') {
    body = <ProgressBlock session={data} label={t('customers.import.importing')} />;
    footer = (
      <Popconfirm title={t('common.confirmTitle')} description={t('customers.import.cancelConfirm')} onConfirm={onCancel}>
        <Button danger icon={<StopOutlined />} loading={cancel.isPending} data-testid="import-cancel">
          {t('customers.import.cancel')}
        </Button>
      </Popconfirm>
    );
  } else {
    const completed = data.status === 'completed';
    body = (
      <Result
        status={completed ? 'success' : 'info'}
        title={completed ? t('customers.import.completed') : t('customers.import.cancelled')}
        subTitle={
          data.result ? (
            <div data-testid="import-result">
              <div style={{ fontSize: 16, color: 'rgba(0,0,0,0.85)' }}>{t('customers.import.written', { count: data.result.written })}</div>
              {data.result.skippedInvalid || data.result.skippedDuplicates ? (
                <div>
                  {t('customers.import.skipped', { invalid: data.result.skippedInvalid, duplicates: data.result.skippedDuplicates })}
                </div>
              ) : null}
            </div>
          ) : undefined
        }
        extra={
          <Flex gap={8} justify="center" wrap>
            <Button onClick={restart} icon={<ReloadOutlined />}>
              {t('customers.import.again')}
            </Button>
            <Button type="primary" onClick={() => navigate('/customers')} data-testid="import-to-list">
              {t('customers.import.toList')}
            </Button>
          </Flex>
        }
      />
    );
  }

  return (
    <>
      <PageHeader title={t('customers.import.title')} subtitle={t('customers.import.subtitle')} />
      <Card>
        <Steps
          current={data?.status === 'completed' ? STAGES.length : STAGES.indexOf(stage)}
          status={data?.status === 'failed' ? 'error' : undefined}
          size="small"
          titlePlacement={isPhone ? 'vertical' : 'horizontal'}
          responsive={false}
          items={STAGES.map((key) => ({ title: t(`customers.import.steps.${key}`) }))}
          style={{ marginBottom: 24 }}
          data-testid="import-steps"
        />
        {data && stage !== 'upload' ? (
          <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
            <FileExcelOutlined style={{ color: '#389e0d' }} />
            <Typography.Text strong>{data.fileName}</Typography.Text>
            <Tag style={{ marginInlineEnd: 0 }}>{data.format.toUpperCase()}</Tag>
            {data.encoding ? (
              <Tag style={{ marginInlineEnd: 0 }}>{t('customers.import.encoding', { encoding: data.encoding.toUpperCase() })}</Tag>
            ) : null}
            <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="import-status">
              {t(`customers.import.statuses.${data.status}`)}
            </Tag>
          </Flex>
        ) : null}
        <ErrorAlert error={actionError ?? session.error} onReload={session.error ? () => void session.refetch() : undefined} />
        {stage === 'mapping' && mappingProblem ? (
          <Alert type="warning" showIcon title={mappingProblem} style={{ marginBottom: 16 }} />
        ) : null}
        {body}
        {footer ? (
          <Flex justify="space-between" gap={8} style={{ marginTop: 24 }}>
            {footer}
          </Flex>
        ) : null}
      </Card>
    </>
  );
}
