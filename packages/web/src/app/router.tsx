import { Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { MODULE_ROUTES } from './routes';
import type { ModuleRoute } from '../core/moduleRoute';
import { RequireSession } from './RequireSession';
import { ForbiddenPage, FullPageSpin, NotFoundPage, RouteErrorPage } from '../core/FullPage';
import { useCan } from '../core/session';
import { LoginPage } from '../modules/auth';

function LazyPage({ Component }: { Component: LazyExoticComponent<ComponentType> }) {
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Component />
    </Suspense>
  );
}

/** Opens a module page only with its permission; the server checks again on every request. */
function GuardedPage({ route }: { route: ModuleRoute }) {
  const can = useCan();
  if (route.permission && !can(route.permission)) return <ForbiddenPage />;
  return <LazyPage Component={route.Component} />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LazyPage Component={LoginPage} />, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: <RequireSession />,
    errorElement: <RouteErrorPage />,
    children: [
      ...MODULE_ROUTES.map((route) =>
        route.path === '/'
          ? { index: true, element: <GuardedPage route={route} />, errorElement: <RouteErrorPage /> }
          : { path: route.path.replace(/^\//, ''), element: <GuardedPage route={route} />, errorElement: <RouteErrorPage /> },
      ),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
