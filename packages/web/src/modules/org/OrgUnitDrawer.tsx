import { useMemo, useState } from 'react';
import { App, Form, Input, Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { orgUnitCreateSchema, orgUnitUpdateSchema, type OrgUnit } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError, emptyToUndefined, parseForm, zodRules } from '../../components/form';
import { useCreateOrgUnit, useUpdateOrgUnit } from './api';
import { descendantIds, unitTreeSelectData } from './orgTree';
import { FormDrawer } from '../../components/FormDrawer';

const CHILD_KINDS = ['region', 'department', 'team'] as const;
const FIELDS = ['parentId', 'name', 'kind', 'productLine'] as const;

export type OrgUnitDrawerState = { mode: 'create'; parent: OrgUnit } | { mode: 'edit'; unit: OrgUnit };

interface Values {
  parentId?: string;
  name?: string;
  kind?: (typeof CHILD_KINDS)[number];
  productLine?: string;
}

/** Create a child unit, or rename / re-kind / move a unit (optimistic locking by version). Mounted while open. */
export function OrgUnitDrawer({
  state,
  units,
  onClose,
  onReload,
}: {
  state: OrgUnitDrawerState;
  units: OrgUnit[];
  onClose: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateOrgUnit();
  const update = useUpdateOrgUnit();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(orgUnitCreateSchema, t);

  const initialValues: Values =
    state.mode === 'create'
      ? { parentId: state.parent.id, kind: state.parent.kind === 'company' ? 'department' : 'team' }
      : {
          parentId: state.unit.parentId ?? undefined,
          name: state.unit.name,
          kind: state.unit.kind === 'company' ? undefined : state.unit.kind,
          productLine: state.unit.productLine ?? undefined,
        };

  const editingId = state.mode === 'edit' ? state.unit.id : null;
  const parentOptions = useMemo(() => {
    // A unit cannot move under itself or its own descendants; disabled units take no children.
    const excluded = editingId ? descendantIds(units, editingId) : new Set<string>();
    return unitTreeSelectData(units, (unit) => unit.disabled || excluded.has(unit.id) || unit.kind === 'team');
  }, [units, editingId]);

  const submit = async () => {
    setAlertError(null);
    const raw = emptyToUndefined(await form.validateFields());
    const onError = (error: unknown) => {
      if (!applyApiError(form, error, t, FIELDS)) setAlertError(error);
    };
    if (state.mode === 'create') {
      const body = parseForm(orgUnitCreateSchema, raw, form, t);
      if (!body) return;
      create.mutate(body, {
        onSuccess: () => {
          message.success(t('org.units.created'));
          onClose();
        },
        onError,
      });
    } else {
      const body = parseForm(orgUnitUpdateSchema, { ...raw, productLine: raw.productLine ?? null, version: state.unit.version }, form, t);
      if (!body) return;
      update.mutate(
        { id: state.unit.id, body },
        {
          onSuccess: () => {
            message.success(t('org.units.updated'));
            onClose();
          },
          onError,
        },
      );
    }
  };

  const isConflict = isApiError(alertError) && alertError.code === 'conflict';
  return (
    <FormDrawer
      title={state.mode === 'edit' ? t('org.units.editTitle') : t('org.units.createTitle')}
      width={480}
      saving={create.isPending || update.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="org-unit-submit"
    >
      <ErrorAlert
        error={alertError}
        onReload={
          isConflict
            ? () => {
                onReload();
                onClose();
              }
            : undefined
        }
      />
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="org-unit-form">
        <Form.Item
          name="parentId"
          label={state.mode === 'edit' ? t('org.units.move') : t('org.units.parent')}
          rules={rules.parentId}
          required
        >
          <TreeSelect
            treeData={parentOptions}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            disabled={state.mode === 'edit' && state.unit.kind === 'company'}
          />
        </Form.Item>
        <Form.Item name="name" label={t('org.units.name')} rules={rules.name} required>
          <Input data-testid="org-unit-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('org.units.kind')} rules={rules.kind} required>
          <Select
            options={CHILD_KINDS.map((kind) => ({ value: kind, label: t(`common.unitKinds.${kind}`) }))}
            data-testid="org-unit-kind"
          />
        </Form.Item>
        <Form.Item name="productLine" label={t('org.units.productLine')} rules={rules.productLine}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
