import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Task } from '@xiaoguan/shared';

/** Where a task belongs: its customer, or (a meeting's action item, an audit rectification) the page it came from. */
export function TaskSource({ task }: { task: Task }) {
  const { t } = useTranslation();
  if (task.customerId) return <Link to={`/customers/${task.customerId}`}>{task.customerName}</Link>;
  if (!task.link) return null;
  const kind = task.link.startsWith('/internal-audit') ? 'audit' : task.link.startsWith('/teamwork') ? 'meeting' : 'other';
  return <Link to={task.link}>{t(`customers.tasks.sources.${kind}`)}</Link>;
}
