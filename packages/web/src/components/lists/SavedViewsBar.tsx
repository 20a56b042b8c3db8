import { useState } from 'react';
import { App, Button, Checkbox, Dropdown, Flex, Form, Input, Modal, Select, Tag } from 'antd';
import { DownOutlined, StarFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../core/session';
import { errorMessage } from '../ErrorAlert';
import { useSaveView } from './savedViewsApi';
import { useListView, type ListView } from './useListView';

interface SaveAsValues {
  name: string;
  share: boolean;
  makeDefault: boolean;
}

/** The saved views of a list: choose one, save the current filters/sort/columns as a view, make one the default, delete. */
export function SavedViewsBar({ view, testId = 'views' }: { view: ListView; testId?: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message, modal } = App.useApp();
  const mutations = useSaveView(view.listKey);
  const [savingAs, setSavingAs] = useState(false);
  const [form] = Form.useForm<SaveAsValues>();
  const active = view.active;
  const personal = view.views.filter((saved) => saved.orgUnitId === null);
  const shared = view.views.filter((saved) => saved.orgUnitId !== null);
  const fail = (error: unknown) => message.error(errorMessage(t, error));

  const label = (saved: (typeof view.views)[number]) => (
    <span>
      {saved.isDefault ? <StarFilled style={{ color: '#faad14', marginInlineEnd: 4 }} aria-label={t('lists.views.isDefault')} /> : null}
      {saved.name}
    </span>
  );

  const saveAs = async () => {
    const values = await form.validateFields();
    mutations.create.mutate(
      {
        name: values.name,
        orgUnitId: values.share ? me.orgUnitId : null,
        state: view.current(),
        makeDefault: values.makeDefault,
      },
      {
        onSuccess: (saved) => {
          setSavingAs(false);
          form.resetFields();
          message.success(t('lists.views.saved'));
          view.apply(saved);
        },
        onError: fail,
      },
    );
  };

  const menuItems = [
    active?.abilities.update ? { key: 'save', label: t('lists.views.save') } : null,
    { key: 'saveAs', label: t('lists.views.saveAs') },
    active && !active.isDefault ? { key: 'default', label: t('lists.views.makeDefault') } : null,
    active?.isDefault ? { key: 'clearDefault', label: t('lists.views.clearDefault') } : null,
    active?.abilities.delete ? { key: 'delete', label: t('lists.views.delete'), danger: true } : null,
  ].filter((item) => item !== null);

  const onMenu = (key: string) => {
    if (key === 'saveAs') setSavingAs(true);
    if (!active) return;
    if (key === 'save')
      mutations.update.mutate(
        { id: active.id, version: active.version, state: view.current() },
        { onSuccess: () => message.success(t('lists.views.saved')), onError: fail },
      );
    if (key === 'default')
      mutations.makeDefault.mutate(active.id, { onSuccess: () => message.success(t('lists.views.defaultSet')), onError: fail });
    if (key === 'clearDefault') mutations.makeDefault.mutate(null, { onError: fail });
    if (key === 'delete')
      modal.confirm({
        title: t('lists.views.delete'),
        content: t('lists.views.deleteConfirm', { name: active.name }),
        onOk: () =>
          mutations.remove.mutateAsync(active.id).then(() => {
            view.apply(null);
            message.success(t('lists.views.deleted'));
          }, fail),
      });
  };

  return (
    <Flex gap={8} align="center" wrap data-testid={testId}>
      <Select
        style={{ minWidth: 160, maxWidth: 260 }}
        value={active?.id ?? ''}
        aria-label={t('lists.views.label')}
        onChange={(id) => view.apply(view.views.find((saved) => saved.id === id) ?? null)}
        popupMatchSelectWidth={false}
        data-testid={`${testId}-select`}
        options={[
          { value: '', label: t('lists.views.all') },
          ...(personal.length
            ? [{ label: t('lists.views.personal'), options: personal.map((saved) => ({ value: saved.id, label: label(saved) })) }]
            : []),
          ...(shared.length
            ? [
                {
                  label: t('lists.views.shared'),
                  options: shared.map((saved) => ({
                    value: saved.id,
                    label: label(saved),
                    title: t('lists.views.sharedBy', { owner: saved.ownerName, unit: saved.orgUnitName ?? '' }),
                  })),
                },
              ]
            : []),
        ]}
      />
      {active?.isDefault ? <Tag color="gold">{t('lists.views.isDefault')}</Tag> : null}
      <Dropdown menu={{ items: menuItems, onClick: ({ key }) => onMenu(key) }} trigger={['click']}>
        <Button data-testid={`${testId}-menu`}>
          {t('lists.views.label')} <DownOutlined />
        </Button>
      </Dropdown>
      <Modal
        open={savingAs}
        title={t('lists.views.saveAs')}
        onCancel={() => setSavingAs(false)}
        onOk={() => void saveAs()}
        confirmLoading={mutations.create.isPending}
        okButtonProps={{ 'data-testid': `${testId}-save-ok` }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ share: false, makeDefault: false }}>
          <Form.Item
            name="name"
            label={t('lists.views.name')}
            rules={[{ required: true, whitespace: true, message: t('lists.views.nameRequired') }]}
          >
            <Input maxLength={80} data-testid={`${testId}-name`} />
          </Form.Item>
          {me.orgUnitId ? (
            <Form.Item name="share" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox data-testid={`${testId}-share`}>{t('lists.views.shareWithTeam', { team: me.orgUnitName ?? '' })}</Checkbox>
            </Form.Item>
          ) : null}
          <Form.Item name="makeDefault" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox data-testid={`${testId}-default`}>{t('lists.views.defaultForMe')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

/** Saved views (filters and sort) for a list without a column chooser: one line on any list page. */
export function ListViews({ listKey, testId }: { listKey: string; testId: string }) {
  const view = useListView(listKey, NO_COLUMNS, NO_COLUMNS);
  return (
    <div style={{ marginBottom: 8 }}>
      <SavedViewsBar view={view} testId={testId} />
    </div>
  );
}
const NO_COLUMNS: readonly never[] = [];
