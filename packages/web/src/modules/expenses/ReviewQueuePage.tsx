import { useState } from 'react';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { ClaimList } from './ClaimList';

/** The supervisors' and finance's queue: claims whose current step is theirs; or all they may read. */
export default function ReviewQueuePage() {
  const { t } = useTranslation();
  const [box, setBox] = useState<'review' | 'all'>('review');
  return (
    <>
      <PageHeader
        title={t('expenses.review.title')}
        subtitle={t('expenses.review.subtitle')}
        extra={
          <Segmented
            value={box}
            onChange={(value) => setBox(value as 'review' | 'all')}
            options={[
              { value: 'review', label: t('expenses.review.mine') },
              { value: 'all', label: t('expenses.review.all') },
            ]}
          />
        }
      />
      <ClaimList key={box} box={box} emptyText={t('expenses.review.empty')} />
    </>
  );
}
