import { lazy } from 'react';
import type { TFunction } from 'i18next';
import { Button, Flex } from 'antd';
import { Link } from 'react-router-dom';
import type { EventDetail } from '@xiaoguan/shared';
import { ReconfirmList } from './ReconfirmList';

const BudgetTab = lazy(() => import('./BudgetTab'));
const PrepTab = lazy(() => import('./PrepTab'));
const FollowUpsTab = lazy(() => import('./FollowUpsTab'));

/** The event page's budget, preparation, reconfirmation and follow-up tabs (issue 17 items 2, 5, 8). */
export function eventOpsTabs(e: EventDetail, t: TFunction) {
  const organises = e.abilities.metrics === true;
  return [
    ...(organises || e.abilities.budget === true
      ? [{ key: 'budget', label: t('events.ops.tabs.budget'), children: <BudgetTab eventId={e.id} /> }]
      : []),
    { key: 'prep', label: t('events.ops.tabs.prep'), children: <PrepTab eventId={e.id} /> },
    {
      key: 'reconfirm',
      label: t('events.ops.tabs.reconfirm'),
      children: (
        <Flex vertical gap={8}>
          <Link to={`/events/${e.id}/reconfirm`}>
            <Button>{t('events.ops.reconfirm.openPage')}</Button>
          </Link>
          <ReconfirmList eventId={e.id} />
        </Flex>
      ),
    },
    ...(organises && (e.status === 'closed' || e.status === 'running')
      ? [{ key: 'followUps', label: t('events.ops.tabs.followUps'), children: <FollowUpsTab eventId={e.id} enabled /> }]
      : []),
  ];
}
