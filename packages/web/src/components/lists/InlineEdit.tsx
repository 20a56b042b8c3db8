import { useState, type ReactNode } from 'react';
import { App, Button, Flex, Popover, Select } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../core/api';
import { useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { errorMessage } from '../ErrorAlert';

/** The sentence for a stale edit: who changed the record and when, from the 409's `data`, and the offer to reload. */
export function conflictSentence(t: TFunction, error: unknown, timeZone: string): string | null {
  if (!isApiError(error) || error.code !== 'conflict') return null;
  const changedBy = typeof error.data?.changedBy === 'string' ? error.data.changedBy : null;
  const changedAt = typeof error.data?.changedAt === 'string' ? error.data.changedAt : null;
  return changedBy && changedAt
    ? t('lists.inline.conflict', { name: changedBy, time: formatDateTime(changedAt, timeZone) })
    : t('lists.inline.conflictUnknown');
}

interface InlineEditProps<V> {
  /** The field's name, for the edit button's label ("Change tier"). */
  field: string;
  /** Shows the value (a tag, a text). */
  children: ReactNode;
  /** Whether the caller may change it (the record's `update` ability). */
  editable: boolean;
  /** Saves through the record's own update route (its validation, optimistic lock and audit). */
  onSave: (value: V) => Promise<unknown>;
  /** Fetches the latest version after a 409. */
  onReload: () => void;
  testId: string;
}

/**
 * Edits one field of a row in place, through the same update as the record's drawer: `editor`
 * draws the input and calls `save`. A stale version (409) asks "changed by 张三 at 14:02, reload?";
 * other errors (a 400 naming the field, a 403) are shown as a message.
 */
export function InlineEdit<V>({
  field,
  children,
  editable,
  onSave,
  onReload,
  testId,
  editor,
}: InlineEditProps<V> & { editor: (props: { save: (value: V) => void; saving: boolean }) => ReactNode }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  if (!editable) return <>{children}</>;

  const save = async (next: V) => {
    setSaving(true);
    try {
      await onSave(next);
      setOpen(false);
      message.success(t('lists.inline.saved'));
    } catch (error) {
      setOpen(false);
      const conflict = conflictSentence(t, error, timeZone);
      if (conflict)
        modal.confirm({
          title: conflict,
          okText: t('lists.inline.reload'),
          cancelText: t('common.actions.cancel'),
          okButtonProps: { 'data-testid': `${testId}-reload` },
          onOk: onReload,
        });
      else message.error(errorMessage(t, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      destroyOnHidden
      content={<div onClick={(event) => event.stopPropagation()}>{editor({ save: (value) => void save(value), saving })}</div>}
    >
      <Flex
        align="center"
        gap={4}
        onClick={(event) => event.stopPropagation()}
        style={{ cursor: 'pointer', display: 'inline-flex' }}
        data-testid={testId}
      >
        {children}
        <Button
          type="text"
          size="small"
          icon={<EditOutlined />}
          aria-label={t('lists.inline.edit', { field })}
          style={{ color: 'rgba(0,0,0,0.35)' }}
        />
      </Flex>
    </Popover>
  );
}

/** A choice edited in place (tier, status). */
export function InlineSelect<V extends string>({
  value,
  options,
  ...props
}: InlineEditProps<V> & { value: V; options: { value: V; label: ReactNode }[] }) {
  const { t } = useTranslation();
  return (
    <InlineEdit<V>
      {...props}
      onSave={(next) => (next === value ? Promise.resolve() : props.onSave(next))}
      editor={({ save, saving }) => (
        <Select<V>
          autoFocus
          defaultOpen
          loading={saving}
          disabled={saving}
          value={value}
          options={options}
          style={{ minWidth: 140 }}
          onChange={save}
          aria-label={t('lists.inline.edit', { field: props.field })}
          data-testid={`${props.testId}-select`}
        />
      )}
    />
  );
}
