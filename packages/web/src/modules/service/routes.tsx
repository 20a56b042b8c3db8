import { lazy } from 'react';
import { CustomerServiceOutlined, FormOutlined, LineChartOutlined, PhoneOutlined, SettingOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const ComplaintQueuePage = lazy(() => import('./ComplaintQueuePage'));
const ComplaintPage = lazy(() => import('./ComplaintPage'));
const SurveyTemplatesPage = lazy(() => import('./SurveyTemplatesPage'));
const SurveyResultsPage = lazy(() => import('./SurveyResultsPage'));
const ServiceSettingsPage = lazy(() => import('./ServiceSettingsPage'));
const RevisitsPage = lazy(() => import('./RevisitsPage'));

/** M9 Service quality: the complaint queue and ticket, survey templates and results, settings. The public answer page (`/s/:token`) is its own entry: public-survey/, survey.html. */
export const serviceRoutes: ModuleRoute[] = [
  {
    path: '/complaints',
    Component: ComplaintQueuePage,
    permission: 'complaints.read',
    menu: {
      group: 'customers',
      labelKey: 'service.menu.complaints',
      icon: <CustomerServiceOutlined />,
      testId: 'menu-complaints',
      order: 60,
    },
  },
  { path: '/complaints/:id', Component: ComplaintPage },
  {
    path: '/survey-results',
    Component: SurveyResultsPage,
    permission: 'surveys.read',
    menu: { group: 'customers', labelKey: 'service.menu.results', icon: <LineChartOutlined />, testId: 'menu-survey-results', order: 61 },
  },
  {
    path: '/survey-templates',
    Component: SurveyTemplatesPage,
    menu: (can) =>
      can('surveys.configure') || can('surveys.send')
        ? { group: 'customers', labelKey: 'service.menu.templates', icon: <FormOutlined />, testId: 'menu-survey-templates', order: 62 }
        : null,
  },
  {
    path: '/survey-revisits',
    Component: RevisitsPage,
    permission: 'surveys.send',
    menu: { group: 'customers', labelKey: 'service.menu.revisits', icon: <PhoneOutlined />, testId: 'menu-survey-revisits', order: 63 },
  },
  {
    path: '/service-settings',
    Component: ServiceSettingsPage,
    permission: 'complaints.configure',
    menu: { group: 'system', labelKey: 'service.menu.settings', icon: <SettingOutlined />, testId: 'menu-service-settings', order: 60 },
  },
  // The customer's answer page: no sign-in (see app/router.tsx, `public`).
];
