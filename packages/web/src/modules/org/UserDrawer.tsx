import { useMemo, useState } from 'react';
import { App, Form, Input, Select, Skeleton, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLES, userCreateSchema, userUpdateSchema, type Role, type User } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError, emptyToUndefined, parseForm, zodRules } from '../../components/form';
import { useCreateUser, useOrgUnits, useUpdateUser, useUser } from './api';
import { unitTreeSelectData } from './orgTree';
import { UserSelect } from './UserSelect';
import { FormDrawer } from '../../components/FormDrawer';

export type UserDrawerState = { mode: 'create' } | { mode: 'edit'; userId: string };

interface Values {
  username?: string;
  displayName?: string;
  employeeNo?: string | null;
  password?: string;
  phone?: string | null;
  email?: string | null;
  roles?: Role[];
  orgUnitId?: string;
  managerId?: string | null;
}

const FIELDS = ['username', 'displayName', 'employeeNo', 'password', 'phone', 'email', 'roles', 'orgUnitId', 'managerId'] as const;

function valuesOf(user: User): Values {
  return {
    displayName: user.displayName,
    employeeNo: user.employeeNo,
    phone: user.phone,
    email: user.email,
    roles: user.roles,
    orgUnitId: user.orgUnitId ?? undefined,
    managerId: user.managerId,
  };
}

/** Create a user, or edit one; an edit carries the version it started from (409 when stale). Mounted while open. */
export function UserDrawer({ state, onClose }: { state: UserDrawerState; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const units = useOrgUnits();
  const editingId = state.mode === 'edit' ? state.userId : undefined;
  const user = useUser(editingId);
  const create = useCreateUser();
  const update = useUpdateUser();
  const [alertError, setAlertError] = useState<unknown>(null);
  const createRules = zodRules(userCreateSchema, t);
  const unitOptions = useMemo(() => unitTreeSelectData(units.data ?? []), [units.data]);
  const editing = state.mode === 'edit' ? user.data : undefined;

  const reload = async () => {
    const fresh = await user.refetch();
    if (fresh.data) form.setFieldsValue(valuesOf(fresh.data));
    setAlertError(null);
  };

  const submit = async () => {
    setAlertError(null);
    const raw = emptyToUndefined(await form.validateFields());
    const onError = (error: unknown) => {
      if (!applyApiError(form, error, t, FIELDS)) setAlertError(error);
    };
    if (state.mode === 'create') {
      const body = parseForm(userCreateSchema, raw, form, t);
      if (!body) return;
      create.mutate(body, {
        onSuccess: () => {
          message.success(t('org.users.created'));
          onClose();
        },
        onError,
      });
      return;
    }
    if (!editing) return;
    // Cleared optional fields are sent as null so they are really cleared.
    const body = parseForm(
      userUpdateSchema,
      {
        version: editing.version,
        displayName: raw.displayName,
        employeeNo: raw.employeeNo ?? null,
        phone: raw.phone ?? null,
        email: raw.email ?? null,
        roles: raw.roles,
        orgUnitId: raw.orgUnitId,
        managerId: raw.managerId ?? null,
      },
      form,
      t,
    );
    if (!body) return;
    update.mutate(
      { id: editing.id, body },
      {
        onSuccess: () => {
          message.success(t('org.users.updated'));
          onClose();
        },
        onError,
      },
    );
  };

  const isConflict = isApiError(alertError) && alertError.code === 'conflict';
  const isCreate = state.mode === 'create';
  return (
    <FormDrawer
      title={isCreate ? t('org.users.createTitle') : t('org.users.editTitle', { name: editing?.displayName ?? '' })}
      width={520}
      saving={create.isPending || update.isPending}
      submitDisabled={!isCreate && !editing}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="user-submit"
    >
      <ErrorAlert error={alertError ?? user.error} onReload={isConflict || user.error ? () => void reload() : undefined} />
      {!isCreate && user.isPending ? (
        <Skeleton active />
      ) : (
        <Form form={form} layout="vertical" initialValues={editing ? valuesOf(editing) : undefined} data-testid="user-form">
          {isCreate ? (
            <Form.Item name="username" label={t('org.users.fields.username')} rules={createRules.username} required>
              <Input autoComplete="off" data-testid="user-username" maxLength={64} />
            </Form.Item>
          ) : null}
          <Form.Item name="displayName" label={t('org.users.fields.displayName')} rules={createRules.displayName} required>
            <Input data-testid="user-display-name" maxLength={64} />
          </Form.Item>
          {isCreate ? (
            <Form.Item
              name="password"
              label={t('org.users.fields.password')}
              rules={createRules.password}
              required
              extra={t('org.users.passwordHint')}
            >
              <Input.Password autoComplete="new-password" data-testid="user-password" />
            </Form.Item>
          ) : null}
          <Form.Item name="roles" label={t('org.users.fields.roles')} rules={createRules.roles} required>
            <Select<Role[]>
              mode="multiple"
              options={ROLES.map((role) => ({ value: role, label: t(`common.roles.${role}`) }))}
              data-testid="user-roles"
            />
          </Form.Item>
          <Form.Item name="orgUnitId" label={t('org.users.fields.orgUnitId')} rules={createRules.orgUnitId} required>
            <TreeSelect treeData={unitOptions} treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} data-testid="user-unit" />
          </Form.Item>
          <Form.Item name="managerId" label={t('org.users.fields.managerId')} rules={createRules.managerId}>
            <UserSelect
              initialLabel={editing?.managerName}
              excludeIds={editing ? [editing.id] : []}
              placeholder={t('org.users.managerPlaceholder')}
              testId="user-manager"
            />
          </Form.Item>
          <Form.Item name="employeeNo" label={t('org.users.fields.employeeNo')} rules={createRules.employeeNo}>
            <Input autoComplete="off" maxLength={32} data-testid="user-employee-no" />
          </Form.Item>
          <Form.Item name="phone" label={t('org.users.fields.phone')} rules={createRules.phone}>
            <Input inputMode="tel" autoComplete="off" data-testid="user-phone" />
          </Form.Item>
          <Form.Item name="email" label={t('org.users.fields.email')} rules={createRules.email}>
            <Input inputMode="email" autoComplete="off" data-testid="user-email" />
          </Form.Item>
        </Form>
      )}
    </FormDrawer>
  );
}
