import { useState } from 'react';
import { App, Button, Card, Drawer, Empty, Flex, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../core/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useIsPhone } from '../../components/useMediaQuery';
import { useDeleteCatalogueNode, useProductLines, useSaveCategory, useSaveProductLine } from './api';

/** Product lines (产品线) and their categories: add, rename by re-adding, activate, delete unused. */
export function CatalogueDrawer({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const can = useCan();
  const lines = useProductLines();
  const saveLine = useSaveProductLine();
  const saveCategory = useSaveCategory();
  const remove = useDeleteCatalogueNode();
  const [error, setError] = useState<unknown>(null);
  const [newLine, setNewLine] = useState({ code: '', name: '' });
  const [newCategory, setNewCategory] = useState<Record<string, string>>({});
  const writable = can('products.write');
  const done = { onSuccess: () => message.success(t('common.saved')), onError: setError };

  return (
    <Drawer open onClose={onClose} size={isPhone ? '100%' : 560} title={t('products.lines.title')}>
      <ErrorAlert error={error} />
      {writable ? (
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input
            placeholder={t('products.lines.lineCode')}
            value={newLine.code}
            onChange={(e) => setNewLine({ ...newLine, code: e.target.value })}
            style={{ flex: '1 1 120px' }}
            data-testid="line-code"
          />
          <Input
            placeholder={t('products.lines.lineName')}
            value={newLine.name}
            onChange={(e) => setNewLine({ ...newLine, name: e.target.value })}
            style={{ flex: '2 1 160px' }}
            data-testid="line-name"
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!newLine.code.trim() || !newLine.name.trim()}
            loading={saveLine.isPending}
            onClick={() =>
              saveLine.mutate(
                { body: { code: newLine.code.trim(), name: newLine.name.trim() } },
                { ...done, onSuccess: () => (setNewLine({ code: '', name: '' }), done.onSuccess()) },
              )
            }
            data-testid="line-add"
          >
            {t('products.lines.addLine')}
          </Button>
        </Flex>
      ) : null}
      {lines.data?.length === 0 ? <Empty /> : null}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {(lines.data ?? []).map((line) => (
          <Card
            key={line.id}
            size="small"
            title={
              <Flex gap={8} align="center">
                <Typography.Text code>{line.code}</Typography.Text>
                {line.name}
                {line.active ? null : <Tag>{t('products.lines.inactive')}</Tag>}
              </Flex>
            }
            extra={
              writable ? (
                <Space>
                  <Button size="small" onClick={() => saveLine.mutate({ id: line.id, body: { active: !line.active } }, done)}>
                    {line.active ? t('products.lines.deactivate') : t('products.lines.activate')}
                  </Button>
                  <Popconfirm title={t('common.confirmTitle')} onConfirm={() => remove.mutate({ kind: 'line', id: line.id }, done)}>
                    <Button size="small" danger>
                      {t('common.actions.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : null
            }
            data-testid={`line-${line.code}`}
          >
            <Flex gap={6} wrap style={{ marginBottom: writable ? 8 : 0 }}>
              {line.categories.map((category) => (
                <Tag
                  key={category.id}
                  closable={writable && category.productCount === 0}
                  onClose={(event) => {
                    event.preventDefault();
                    remove.mutate({ kind: 'category', id: category.id }, done);
                  }}
                >
                  {category.name} · {t('products.lines.products', { count: category.productCount })}
                </Tag>
              ))}
            </Flex>
            {writable ? (
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  size="small"
                  placeholder={t('products.lines.categoryName')}
                  value={newCategory[line.id] ?? ''}
                  onChange={(e) => setNewCategory({ ...newCategory, [line.id]: e.target.value })}
                  data-testid={`category-name-${line.code}`}
                />
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  disabled={!newCategory[line.id]?.trim()}
                  onClick={() =>
                    saveCategory.mutate(
                      { body: { lineId: line.id, name: newCategory[line.id]!.trim() } },
                      { ...done, onSuccess: () => (setNewCategory({ ...newCategory, [line.id]: '' }), done.onSuccess()) },
                    )
                  }
                  data-testid={`category-add-${line.code}`}
                >
                  {t('products.lines.addCategory')}
                </Button>
              </Space.Compact>
            ) : null}
          </Card>
        ))}
      </Space>
    </Drawer>
  );
}
