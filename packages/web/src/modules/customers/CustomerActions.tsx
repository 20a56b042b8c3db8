import { useMemo, useState } from 'react';
import { Alert, App, Flex, Form, Input, Modal, Radio, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { releaseBodySchema, type Customer, type Duplicate } from '@xiaoguan/shared';
import { api, isApiError } from '../../core/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { UserSelect } from '../org';
import { useAssignCustomer, useDuplicates, useMergeCustomer, useReleaseCustomer } from './api';
import { CustomerSelect } from './CustomerSelect';
import { DuplicateList } from './DuplicateList';
import { validValues } from '../../components/hooks';

interface ModalProps {
  customer: Customer;
  onClose: () => void;
  onDone?: (customer: Customer) => void;
  onReload: () => void;
}

function conflictReload(error: unknown, onReload: () => void, onClose: () => void) {
  return isApiError(error) && error.code === 'conflict'
    ? () => {
        onReload();
        onClose();
      }
    : undefined;
}

/** Release to the pool (R-CUS-3), with the reason. Mounted while open. */
export function ReleaseModal({ customer, onClose, onDone, onReload }: ModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const release = useReleaseCustomer();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(releaseBodySchema, t);
  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const body = parseForm(releaseBodySchema, { reason: values.reason, version: customer.version }, form, t);
    if (!body) return;
    release.mutate(
      { id: customer.id, ...body },
      {
        onSuccess: (released) => {
          message.success(t('customers.release.done'));
          onDone?.(released);
          onClose();
        },
        onError: (error) => {
          if (!applyApiError(form, error, t, ['reason'])) setAlertError(error);
        },
      },
    );
  };
  return (
    <Modal
      open
      title={t('customers.release.title', { name: customer.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('customers.release.confirm')}
      okButtonProps={{ danger: true, loading: release.isPending, 'data-testid': 'release-submit' }}
      cancelText={t('common.actions.cancel')}
    >
      <ErrorAlert error={alertError} onReload={conflictReload(alertError, onReload, onClose)} />
      <Alert type="warning" showIcon title={t('customers.release.hint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" data-testid="release-form">
        <Form.Item name="reason" label={t('customers.release.reason')} rules={rules.reason} required>
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 6 }}
            maxLength={500}
            showCount
            placeholder={t('customers.release.reasonPlaceholder')}
            data-testid="release-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Assign to another owner (a user within the caller's scope). Mounted while open. */
export function AssignModal({ customer, onClose, onDone, onReload }: ModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const assign = useAssignCustomer();
  const [alertError, setAlertError] = useState<unknown>(null);
  const submit = () => {
    setTouched(true);
    setAlertError(null);
    if (!ownerId) return;
    assign.mutate(
      { id: customer.id, ownerId, version: customer.version },
      {
        onSuccess: (assigned) => {
          message.success(t('customers.assign.done', { name: assigned.ownerName ?? '' }));
          onDone?.(assigned);
          onClose();
        },
        onError: setAlertError,
      },
    );
  };
  return (
    <Modal
      open
      title={t('customers.assign.title', { name: customer.name })}
      onCancel={onClose}
      onOk={submit}
      okText={t('customers.assign.confirm')}
      okButtonProps={{ loading: assign.isPending, 'data-testid': 'assign-submit' }}
      cancelText={t('common.actions.cancel')}
    >
      <ErrorAlert error={alertError} onReload={conflictReload(alertError, onReload, onClose)} />
      {customer.ownerName ? (
        <Typography.Paragraph type="secondary">{t('customers.assign.current', { name: customer.ownerName })}</Typography.Paragraph>
      ) : null}
      <Form layout="vertical">
        <Form.Item
          label={t('customers.assign.owner')}
          required
          validateStatus={touched && !ownerId ? 'error' : undefined}
          help={touched && !ownerId ? t('common.validation.required') : undefined}
        >
          <UserSelect
            value={ownerId}
            onChange={(value) => setOwnerId(value)}
            excludeIds={customer.ownerId ? [customer.ownerId] : []}
            placeholder={t('customers.assign.placeholder')}
            testId="assign-owner"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface Candidate {
  id: string;
  name: string;
  version?: number;
}

/**
 * Merge a duplicate into this customer (supervisors): the system's likely duplicates first, or a
 * search; a confirmation, since it cannot be undone. Mounted while open.
 */
export function MergeModal({ customer, onClose, onDone, onReload }: ModalProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const merge = useMergeCustomer();
  const [alertError, setAlertError] = useState<unknown>(null);
  const [picked, setPicked] = useState<Candidate | null>(null);
  const suggestions = useDuplicates({
    name: customer.name,
    phone: customer.contactsMasked ? undefined : (customer.phone ?? undefined),
    taxId: customer.taxId ?? undefined,
    kind: customer.kind,
    excludeId: customer.id,
  });
  const suggestionList: Duplicate[] = useMemo(() => suggestions.data ?? [], [suggestions.data]);

  const run = (duplicate: Candidate) => {
    setAlertError(null);
    if (duplicate.version === undefined) return;
    modal.confirm({
      title: t('common.confirmTitle'),
      content: t('customers.merge.confirmText', { duplicate: duplicate.name, name: customer.name }),
      okText: t('customers.merge.confirm'),
      okButtonProps: { danger: true },
      cancelText: t('common.actions.cancel'),
      onOk: () =>
        new Promise<void>((resolve) => {
          merge.mutate(
            { id: customer.id, duplicateId: duplicate.id, version: customer.version, duplicateVersion: duplicate.version! },
            {
              onSuccess: (merged) => {
                message.success(t('customers.merge.done'));
                onDone?.(merged);
                resolve();
                onClose();
              },
              onError: (error) => {
                setAlertError(error);
                resolve();
              },
            },
          );
        }),
    });
  };

  return (
    <Modal
      open
      title={t('customers.merge.title', { name: customer.name })}
      onCancel={onClose}
      onOk={() => (picked ? run(picked) : undefined)}
      okText={t('customers.merge.confirm')}
      okButtonProps={{
        danger: true,
        disabled: !picked || picked.version === undefined,
        loading: merge.isPending,
        'data-testid': 'merge-submit',
      }}
      cancelText={t('common.actions.cancel')}
      width={600}
    >
      <ErrorAlert error={alertError} onReload={conflictReload(alertError, onReload, onClose)} />
      <Alert type="warning" showIcon title={t('customers.merge.hint')} style={{ marginBottom: 16 }} />
      <Typography.Text strong>{t('customers.merge.suggestions')}</Typography.Text>
      <div style={{ margin: '8px 0 16px' }}>
        {suggestions.isPending ? (
          <Skeleton active paragraph={{ rows: 1 }} />
        ) : suggestionList.length ? (
          <MergeSuggestions duplicates={suggestionList} picked={picked} onPick={setPicked} />
        ) : (
          <Typography.Text type="secondary">{t('customers.merge.noSuggestions')}</Typography.Text>
        )}
      </div>
      <Form layout="vertical">
        <Form.Item label={t('customers.merge.search')}>
          <CustomerSelect
            value={picked?.id}
            excludeIds={[customer.id]}
            onPick={(candidate) => setPicked(candidate ?? null)}
            placeholder={t('customers.merge.searchPlaceholder')}
            testId="merge-search"
          />
        </Form.Item>
      </Form>
      {picked ? (
        <Typography.Text>
          {t('customers.merge.selected')} <Typography.Text strong>{picked.name}</Typography.Text>
        </Typography.Text>
      ) : null}
    </Modal>
  );
}

/** Suggested duplicates to pick from; their versions come from the customer record when picked. */
function MergeSuggestions({
  duplicates,
  picked,
  onPick,
}: {
  duplicates: Duplicate[];
  picked: Candidate | null;
  onPick: (candidate: Candidate) => void;
}) {
  const [loadingId, setLoadingId] = useState<string | null>(null);
  return (
    <Radio.Group
      value={picked?.id}
      onChange={async (event) => {
        const id = String(event.target.value);
        const duplicate = duplicates.find((item) => item.id === id);
        if (!duplicate) return;
        setLoadingId(id);
        try {
          const full = await api.get<Customer>(`/customers/${id}`);
          onPick({ id, name: full.name, version: full.version });
        } catch {
          onPick({ id, name: duplicate.name });
        } finally {
          setLoadingId(null);
        }
      }}
      style={{ width: '100%' }}
    >
      <Flex vertical gap={8}>
        {duplicates.map((duplicate) => (
          <Radio key={duplicate.id} value={duplicate.id} disabled={loadingId !== null && loadingId !== duplicate.id}>
            <DuplicateList duplicates={[duplicate]} />
          </Radio>
        ))}
      </Flex>
    </Radio.Group>
  );
}
