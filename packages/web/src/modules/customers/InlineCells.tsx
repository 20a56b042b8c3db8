import { useState, type ReactNode } from 'react';
import { App, Button, Flex, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CustomerListItem } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { DateTimeText } from '../../components/DateTimeText';
import { InlineEdit } from '../../components/lists/InlineEdit';
import { UserSelect } from '../org';
import { useAssignCustomer, useCreateTask, useUpdateTask } from './api';
import { FollowUpPicker } from './FollowUpPicker';
import { nowPicker, pickerToIso } from './time';

/**
 * The owner edited in place (issue 16): the same assign route as the drawer, so the new owner must
 * be in the caller's scope, the version guards a concurrent change (409 → "changed by …, reload?")
 * and the change is audited and the new owner told.
 */
export function InlineOwner({ customer, onReload, shown }: { customer: CustomerListItem; onReload: () => void; shown: ReactNode }) {
  const { t } = useTranslation();
  const assign = useAssignCustomer();
  return (
    <InlineEdit<string>
      field={t('customers.fields.owner')}
      editable={Boolean(customer.abilities.assign)}
      onSave={(ownerId) =>
        ownerId === customer.ownerId ? Promise.resolve() : assign.mutateAsync({ id: customer.id, ownerId, version: customer.version })
      }
      onReload={onReload}
      testId={`inline-owner-${customer.id}`}
      editor={({ save }) => (
        <div style={{ width: 240 }}>
          <UserSelect
            value={customer.ownerId}
            initialLabel={customer.ownerName ?? undefined}
            onChange={(ownerId) => (ownerId ? save(ownerId) : undefined)}
            testId={`inline-owner-${customer.id}-select`}
          />
        </div>
      )}
    >
      {shown}
    </InlineEdit>
  );
}

/**
 * The next follow-up edited in place (issue 16): moves the customer's earliest open follow-up task
 * (its version, its no-past-times rule, its audit), or creates one when there is none. A day picked
 * without a time is due at the working time, as in the task drawer.
 */
export function InlineFollowUp({ customer, onReload }: { customer: CustomerListItem; onReload: () => void }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const update = useUpdateTask();
  const create = useCreateTask();
  const next = customer.nextFollowUp ?? null;
  const save = (dueAt: string) =>
    next
      ? update.mutateAsync({ id: next.taskId, body: { version: next.version, dueAt } })
      : create.mutateAsync({ customerId: customer.id, title: t('customers.fields.nextFollowUpTask'), dueAt });
  return (
    <InlineEdit<string>
      field={t('customers.fields.nextFollowUp')}
      editable={Boolean(customer.abilities.update)}
      onSave={save}
      onReload={onReload}
      testId={`inline-follow-up-${customer.id}`}
      editor={({ save: done, saving }) => (
        <FollowUpEditor timeZone={timeZone} saving={saving} save={done} testId={`inline-follow-up-${customer.id}`} />
      )}
    >
      {next ? (
        <span style={{ whiteSpace: 'nowrap' }}>
          <DateTimeText value={next.dueAt} />
        </span>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      )}
    </InlineEdit>
  );
}

function FollowUpEditor({
  timeZone,
  saving,
  save,
  testId,
}: {
  timeZone: string;
  saving: boolean;
  save: (dueAt: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [value, setValue] = useState<Dayjs | null>(null);
  const submit = () => {
    if (!value) return;
    // The task routes refuse a past time too (400 body.dueAt); said here before the round trip.
    if (!value.isAfter(nowPicker(timeZone))) {
      message.error(t('customers.timeline.followUpPast'));
      return;
    }
    save(pickerToIso(value, timeZone));
  };
  return (
    <Flex gap={8} style={{ width: 280, maxWidth: '80vw' }}>
      <FollowUpPicker value={value} onChange={setValue} testId={`${testId}-picker`} allowClear={false} />
      <Button type="primary" loading={saving} disabled={!value} onClick={submit} data-testid={`${testId}-save`}>
        {t('common.actions.save')}
      </Button>
    </Flex>
  );
}
