import { lazy } from 'react';
import { BookOutlined, CalendarOutlined, DatabaseOutlined, TeamOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const TrainingPlanPage = lazy(() => import('./TrainingPlanPage'));
const SessionPage = lazy(() => import('./SessionPage'));
const ExamPage = lazy(() => import('./ExamPage'));
const DevelopmentRecordPage = lazy(() => import('./DevelopmentRecordPage'));
const TeamPage = lazy(() => import('./TeamPage'));
const BanksPage = lazy(() => import('./BanksPage'));

/** M8 Training: the plan and its calendar, a session, an exam, my learning, team development, question banks. */
export const trainingRoutes: ModuleRoute[] = [
  {
    path: '/training',
    Component: TrainingPlanPage,
    permission: 'training.read',
    menu: { group: 'organisation', labelKey: 'training.menu.plan', icon: <CalendarOutlined />, testId: 'menu-training', order: 40 },
  },
  {
    path: '/training/my',
    Component: DevelopmentRecordPage,
    permission: 'training.read',
    menu: { group: 'workspace', labelKey: 'training.menu.my', icon: <BookOutlined />, testId: 'menu-my-learning', order: 40 },
  },
  {
    path: '/training/team',
    Component: TeamPage,
    permission: 'training.assign',
    menu: { group: 'organisation', labelKey: 'training.menu.team', icon: <TeamOutlined />, testId: 'menu-training-team', order: 41 },
  },
  {
    path: '/training/banks',
    Component: BanksPage,
    permission: 'training.manage',
    menu: { group: 'organisation', labelKey: 'training.menu.banks', icon: <DatabaseOutlined />, testId: 'menu-training-banks', order: 42 },
  },
  { path: '/training/sessions/:id', Component: SessionPage, permission: 'training.read' },
  { path: '/training/attempts/:id', Component: ExamPage, permission: 'training.read' },
  { path: '/training/people/:id', Component: DevelopmentRecordPage, permission: 'training.read' },
];
