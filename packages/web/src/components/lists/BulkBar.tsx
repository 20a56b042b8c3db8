import { useEffect, useState, type Key, type ReactNode } from 'react';
import { Alert, App, Button, Dropdown, Flex, Form, Modal, Typography } from 'antd';
import { DownOutlined, DownloadOutlined } from '@ant-design/icons';
import type { TableRowSelection } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import type { BulkJobStarted, BulkResult } from '@xiaoguan/shared';
import { downloadPost, isApiError } from '../../core/api';
import { errorMessage } from '../ErrorAlert';
import { BulkJobProgress } from './BulkJobProgress';

/** What a bulk action works on: the ticked rows, or every row matching the list's filters. */
export type BulkSelection = { ids: string[] } | { matching: true };

/**
 * Row selection for a list, cleared whenever the filters change (`scope`): ticked ids across pages,
 * or "all N matching" once the whole page is ticked and the reader asks for the rest.
 */
export interface RowSelectionState {
  ids: string[];
  allMatching: boolean;
  selection: BulkSelection;
  selectAllMatching: () => void;
  /** Ticks or unticks one row (phone cards have no table checkboxes). */
  toggle: (id: string, checked: boolean) => void;
  clear: () => void;
}

export function useRowSelection<T>(scope: string): RowSelectionState & { rowSelection: TableRowSelection<T> } {
  const [ids, setIds] = useState<string[]>([]);
  const [allMatching, setAllMatching] = useState(false);
  useEffect(() => {
    setIds([]);
    setAllMatching(false);
  }, [scope]);
  const rowSelection: TableRowSelection<T> = {
    selectedRowKeys: ids,
    preserveSelectedRowKeys: true,
    onChange: (keys: Key[]) => {
      setIds(keys.map(String));
      setAllMatching(false);
    },
  };
  return {
    ids,
    allMatching,
    rowSelection,
    selectAllMatching: () => setAllMatching(true),
    toggle: (id, checked) => {
      setIds((before) => (checked ? [...before.filter((other) => other !== id), id] : before.filter((other) => other !== id)));
      setAllMatching(false);
    },
    clear: () => {
      setIds([]);
      setAllMatching(false);
    },
    selection: (allMatching ? { matching: true } : { ids }) as BulkSelection,
  };
}

export interface BulkAction {
  key: string;
  label: string;
  /** Form fields the action needs (a new owner, tags, a reason), shown in the confirmation. */
  fields?: ReactNode;
  danger?: boolean;
}

interface BulkBarProps {
  selection: RowSelectionState;
  /** How many rows match the filters, and how many are on this page. */
  total: number;
  pageRows: number;
  actions: BulkAction[];
  /**
   * Runs the action on the selection with the confirmation form's values: the result at once, or,
   * above the size one transaction takes, the background job that runs it (its progress is shown).
   */
  run?: (action: string, values: Record<string, unknown>, selection: BulkSelection) => Promise<BulkResult | BulkJobStarted>;
  /** "Export selected": the list's export-selected route (POST {ids, format}) and a file name if the answer names none. */
  exportSelected?: { path: string; fallbackName: string };
  testId?: string;
}

/**
 * The bar above a list while rows are ticked: the count, "select all N matching", the actions, and a
 * confirmation naming the count. A batch is all or nothing: a refusal says how many rows were
 * outside the caller's scope and that nothing changed.
 */
export function BulkBar({ selection, total, pageRows, actions, run, exportSelected, testId = 'bulk' }: BulkBarProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [pending, setPending] = useState<BulkAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const count = selection.allMatching ? total : selection.ids.length;
  const progress = jobId ? <BulkJobProgress jobId={jobId} onClose={() => setJobId(null)} testId={`${testId}-job`} /> : null;
  if (!count) return progress;

  const exportRows = async () => {
    if (!exportSelected) return;
    setExporting(true);
    try {
      const file = await downloadPost(exportSelected.path, { ids: selection.ids, format: 'xlsx' }, exportSelected.fallbackName);
      message.success(t('lists.bulk.exported', { count: selection.ids.length, file }));
    } catch (error) {
      const refused = isApiError(error) && Array.isArray(error.data?.refusedIds) ? error.data.refusedIds.length : 0;
      message.error(refused ? t('lists.bulk.exportRefused', { count: refused }) : errorMessage(t, error));
    } finally {
      setExporting(false);
    }
  };

  const confirm = async () => {
    if (!pending || !run) return;
    const values = pending.fields ? await form.validateFields() : {};
    setBusy(true);
    setFailure(null);
    try {
      const result = await run(pending.key, values, selection.selection);
      if ('jobId' in result) {
        message.info(t('lists.bulk.jobQueued', { total: result.total }));
        setJobId(result.jobId);
      } else message.success(t('lists.bulk.done', { changed: result.changed, unchanged: result.unchanged }));
      setPending(null);
      form.resetFields();
      selection.clear();
    } catch (error) {
      const refused = isApiError(error) && Array.isArray(error.data?.refusedIds) ? error.data.refusedIds.length : 0;
      setFailure(
        refused
          ? t('lists.bulk.refused', { count: refused })
          : isApiError(error) && (error.field === 'body.selection' || error.field === 'body.matching') && error.code === 'validation'
            ? t('lists.bulk.tooMany')
            : errorMessage(t, error),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex
      gap={8}
      align="center"
      wrap
      style={{ padding: '6px 10px', marginBottom: 8, background: '#e6f4ff', borderRadius: 6 }}
      data-testid={testId}
    >
      <Typography.Text strong data-testid={`${testId}-count`}>
        {selection.allMatching ? t('lists.bulk.allMatchingSelected', { total }) : t('lists.bulk.selected', { count })}
      </Typography.Text>
      {run && actions.length && !selection.allMatching && selection.ids.length >= pageRows && total > selection.ids.length ? (
        <Button type="link" size="small" onClick={selection.selectAllMatching} data-testid={`${testId}-all-matching`}>
          {t('lists.bulk.selectAllMatching', { total })}
        </Button>
      ) : null}
      {actions.length && run ? (
        <Dropdown
          trigger={['click']}
          menu={{
            items: actions.map((action) => ({ key: action.key, label: action.label, danger: action.danger })),
            onClick: ({ key }) => {
              setFailure(null);
              setPending(actions.find((action) => action.key === key) ?? null);
            },
          }}
        >
          <Button type="primary" size="small" data-testid={`${testId}-actions`}>
            {t('lists.bulk.actions')} <DownOutlined />
          </Button>
        </Dropdown>
      ) : null}
      {exportSelected ? (
        <Button
          size="small"
          icon={<DownloadOutlined />}
          loading={exporting}
          disabled={selection.allMatching}
          title={selection.allMatching ? t('lists.bulk.exportAllHint') : undefined}
          onClick={() => void exportRows()}
          data-testid={`${testId}-export`}
        >
          {t('lists.bulk.exportSelected')}
        </Button>
      ) : null}
      <Button size="small" onClick={selection.clear} data-testid={`${testId}-clear`}>
        {t('lists.bulk.clear')}
      </Button>
      <Modal
        open={pending !== null}
        title={t('lists.bulk.confirmTitle')}
        onCancel={() => setPending(null)}
        onOk={() => void confirm()}
        confirmLoading={busy}
        okButtonProps={{ danger: pending?.danger, 'data-testid': `${testId}-confirm` }}
        destroyOnHidden
      >
        <Typography.Paragraph data-testid={`${testId}-confirm-text`}>
          {t('lists.bulk.confirmCount', { count, action: pending?.label ?? '' })}
        </Typography.Paragraph>
        {failure ? <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} data-testid={`${testId}-failure`} /> : null}
        {pending?.fields ? (
          <Form form={form} layout="vertical" preserve={false}>
            {pending.fields}
          </Form>
        ) : null}
      </Modal>
      {progress}
    </Flex>
  );
}
