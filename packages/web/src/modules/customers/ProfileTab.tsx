import type { ReactNode } from 'react';
import { Card, Col, Descriptions, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer } from '@xiaoguan/shared';
import { DateTimeText } from '../../components/DateTimeText';
import { MoneyText } from '../../components/MoneyText';
import { TagList } from './CustomerTable';
import { labelOr } from './labels';

function Empty() {
  const { t } = useTranslation();
  return <Typography.Text type="secondary">{t('customers.detail.empty')}</Typography.Text>;
}

function text(value: string | null | undefined): ReactNode {
  return value ? value : <Empty />;
}

function Paragraph({ value }: { value: string | null }) {
  if (!value) return <Empty />;
  return <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.7 }}>{value}</div>;
}

/** The profile: basics, organisation or person fields, needs and pain points. */
export function ProfileTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const column = { xs: 1, sm: 2, xl: 3 };
  return (
    <Row gutter={[16, 16]} data-testid="customer-profile">
      <Col xs={24}>
        <Card size="small" title={t('customers.detail.sections.basic')}>
          <Descriptions column={column} size="small">
            <Descriptions.Item label={t('customers.fields.kind')}>{t(`customers.kinds.${customer.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('customers.fields.source')}>{t(`customers.sources.${customer.source}`)}</Descriptions.Item>
            <Descriptions.Item label={t('customers.fields.status')}>
              {t(`customers.statuses.${customer.status}`)}
              <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                <DateTimeText value={customer.statusChangedAt} dateOnly />
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('customers.fields.address')}>{text(customer.address)}</Descriptions.Item>
            <Descriptions.Item label={t('customers.fields.tags')}>
              <TagList tags={customer.tags} max={10} />
            </Descriptions.Item>
            <Descriptions.Item label={t('customers.fields.createdAt')}>
              <DateTimeText value={customer.createdAt} />
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        {customer.kind === 'organization' ? (
          <Card size="small" title={t('customers.detail.sections.organization')} style={{ height: '100%' }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('customers.fields.industry')}>{text(customer.industry)}</Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.size')}>
                {customer.size ? labelOr('sizes', customer.size) : <Empty />}
              </Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.annualPurchase')}>
                {customer.annualPurchaseCents === null ? <Empty /> : <MoneyText cents={customer.annualPurchaseCents} />}
              </Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.taxId')}>{text(customer.taxId)}</Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.decisionChain')}>
                <Paragraph value={customer.decisionChain} />
              </Descriptions.Item>
            </Descriptions>
          </Card>
        ) : (
          <Card size="small" title={t('customers.detail.sections.person')} style={{ height: '100%' }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('customers.fields.gender')}>
                {customer.gender ? t(`customers.genders.${customer.gender}`) : <Empty />}
              </Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.birthday')}>
                {customer.birthday ? `${customer.birthday}${customer.age !== null ? ` (${customer.age})` : ''}` : <Empty />}
              </Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.occupation')}>{text(customer.occupation)}</Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.interests')}>
                <TagList tags={customer.interests} max={10} />
              </Descriptions.Item>
            </Descriptions>
          </Card>
        )}
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('customers.detail.sections.needs')} style={{ height: '100%' }}>
          <Descriptions column={1} size="small" layout="vertical">
            <Descriptions.Item label={t('customers.fields.needs')}>
              <Paragraph value={customer.needs} />
            </Descriptions.Item>
            <Descriptions.Item label={t('customers.fields.painPoints')}>
              <Paragraph value={customer.painPoints} />
            </Descriptions.Item>
            {customer.notes ? (
              <Descriptions.Item label={t('customers.fields.notes')}>
                <Paragraph value={customer.notes} />
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
      </Col>
    </Row>
  );
}
