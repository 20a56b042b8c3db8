import { Link } from 'react-router-dom';
import { Button } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { ClaimList } from './ClaimList';

/** My claims (R-EXP-1): phone-first; "new claim" opens the camera form. */
export default function MyClaimsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t('expenses.claims.title')}
        subtitle={t('expenses.claims.subtitle')}
        extra={
          <Link to="/expenses/claims/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="new-claim">
              {t('expenses.claims.new')}
            </Button>
          </Link>
        }
      />
      <ClaimList box="mine" emptyText={t('expenses.claims.empty')} />
    </>
  );
}
