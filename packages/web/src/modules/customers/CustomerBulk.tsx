import { useMemo } from 'react';
import { Form, Input, Select } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkJobStarted, BulkResult, CustomerBulkAction, CustomerListItem, Tier, CustomerStatus } from '@xiaoguan/shared';
import { api } from '../../core/api';
import { useCan } from '../../core/session';
import type { BulkAction, BulkSelection } from '../../components/lists/BulkBar';
import { InlineSelect } from '../../components/lists/InlineEdit';
import { InlineFollowUp, InlineOwner } from './InlineCells';
import { UserSelect } from '../org';
import { useInvalidateCustomers, useUpdateCustomer } from './api';
import { enumOptions, StatusTag, TierTag } from './labels';

/** The customer list's bulk actions (what the caller's permissions allow) and how to run one. */
export function useCustomerBulkActions(filters: object) {
  const { t } = useTranslation();
  const can = useCan();
  const invalidate = useInvalidateCustomers();
  const options = useMemo(() => enumOptions(t), [t]);
  const required = [{ required: true, message: t('lists.bulk.required') }];
  const actions: BulkAction[] = [
    can('customers.assign')
      ? {
          key: 'reassign',
          label: t('lists.bulk.reassign'),
          fields: (
            <Form.Item name="ownerId" label={t('lists.bulk.owner')} rules={required}>
              <UserSelect testId="bulk-owner" />
            </Form.Item>
          ),
        }
      : null,
    can('customers.write')
      ? {
          key: 'setTier',
          label: t('lists.bulk.setTier'),
          fields: (
            <Form.Item name="tier" label={t('lists.bulk.tier')} rules={required}>
              <Select options={options.tiers} data-testid="bulk-tier" />
            </Form.Item>
          ),
        }
      : null,
    can('customers.write')
      ? {
          key: 'addTags',
          label: t('lists.bulk.addTags'),
          fields: (
            <Form.Item name="tags" label={t('lists.bulk.tags')} rules={required}>
              <Select mode="tags" maxCount={20} open={false} suffixIcon={null} data-testid="bulk-tags" />
            </Form.Item>
          ),
        }
      : null,
    can('customers.write')
      ? {
          key: 'removeTags',
          label: t('lists.bulk.removeTags'),
          fields: (
            <Form.Item name="tags" label={t('lists.bulk.tags')} rules={required}>
              <Select mode="tags" maxCount={20} open={false} suffixIcon={null} data-testid="bulk-tags" />
            </Form.Item>
          ),
        }
      : null,
    can('customers.write')
      ? {
          key: 'release',
          label: t('lists.bulk.release'),
          danger: true,
          fields: (
            <Form.Item name="reason" label={t('lists.bulk.reason')} rules={[{ ...required[0], whitespace: true }]}>
              <Input.TextArea maxLength={500} rows={2} data-testid="bulk-reason" />
            </Form.Item>
          ),
        }
      : null,
  ].filter((action) => action !== null);

  const run = async (action: string, values: Record<string, unknown>, selection: BulkSelection): Promise<BulkResult | BulkJobStarted> => {
    // "All matching": the list's filters as the list query sends them (strings), without paging and sort.
    const matching = Object.fromEntries(Object.entries(filters).map(([key, value]) => [key, String(value)]));
    const result = await api.post<BulkResult | BulkJobStarted>('/customers/bulk', {
      selection: 'ids' in selection ? selection : { matching },
      change: { action, ...values } as CustomerBulkAction,
    });
    await invalidate();
    return result;
  };
  return { actions, run };
}

/** Tier and lifecycle status edited in the list, through the customer's own update (validation, version, audit). */
export function useInlineCustomerCells(reload: () => void) {
  const { t } = useTranslation();
  const update = useUpdateCustomer();
  const options = useMemo(() => enumOptions(t), [t]);
  const save = (customer: CustomerListItem, body: { tier?: Tier; status?: CustomerStatus }) =>
    update.mutateAsync({ id: customer.id, body: { version: customer.version, ignoreDuplicates: false, ...body } });
  return {
    tier: (customer: CustomerListItem) => (
      <InlineSelect<Tier>
        value={customer.tier}
        options={options.tiers}
        field={t('customers.fields.tier')}
        editable={Boolean(customer.abilities.update)}
        onSave={(tier) => save(customer, { tier })}
        onReload={reload}
        testId={`inline-tier-${customer.id}`}
      >
        <TierTag tier={customer.tier} />
      </InlineSelect>
    ),
    status: (customer: CustomerListItem) => (
      <InlineSelect<CustomerStatus>
        value={customer.status}
        options={options.statuses}
        field={t('customers.fields.status')}
        editable={Boolean(customer.abilities.update)}
        onSave={(status) => save(customer, { status })}
        onReload={reload}
        testId={`inline-status-${customer.id}`}
      >
        <StatusTag status={customer.status} />
      </InlineSelect>
    ),
    /** The owner, reassigned in place where the caller may assign (the assign route: scope, version, audit, notice). */
    owner: (customer: CustomerListItem, shown: ReactNode = customer.ownerName ?? '—') =>
      customer.inPool ? shown : <InlineOwner customer={customer} onReload={reload} shown={shown} />,
    /** The next open follow-up, moved (or set) in place through the task routes. */
    nextFollowUp: (customer: CustomerListItem) => <InlineFollowUp customer={customer} onReload={reload} />,
  };
}
