import { Button, Flex, Tag, Typography } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Duplicate } from '@xiaoguan/shared';

/** Possible duplicates (R-CUS-3): who owns each (or "in the pool"), and what matched. */
export function DuplicateList({ duplicates, onOpen }: { duplicates: readonly Duplicate[]; onOpen?: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={6} data-testid="duplicate-list">
      {duplicates.map((duplicate) => (
        <Flex key={duplicate.id} align="center" gap={8} wrap data-testid={`duplicate-${duplicate.id}`}>
          <Typography.Text strong style={{ minWidth: 0 }}>
            {duplicate.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {duplicate.inPool ? t('customers.form.inPool') : t('customers.form.ownedBy', { name: duplicate.ownerName ?? '—' })}
          </Typography.Text>
          {duplicate.matchedOn.map((field) => (
            <Tag key={field} color="orange" style={{ marginInlineEnd: 0 }}>
              {t(`customers.matchedOn.${field}`)}
            </Tag>
          ))}
          {onOpen ? (
            <Button size="small" type="link" icon={<ExportOutlined />} onClick={() => onOpen(duplicate.id)} style={{ paddingInline: 0 }}>
              {t('customers.form.openExisting')}
            </Button>
          ) : null}
        </Flex>
      ))}
    </Flex>
  );
}
