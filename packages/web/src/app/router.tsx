import { Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { MODULE_ROUTES } from './routes';
import type { ModuleRoute } from '../core/moduleRoute';
import { RequireSession } from './RequireSession';
import { RouteProgress } from './RouteProgress';
import { ForbiddenPage, FullPageSpin, NotFoundPage, RouteErrorPage } from '../core/FullPage';
import { useCan } from '../core/session';
import { LoginPage } from '../modules/auth';

function LazyPage({ Component }: { Component: LazyExoticComponent<ComponentType> }) {
  // A boundary per page (keyed by its component): a page whose code is still loading shows the
  // spinner at once, instead of React keeping the previous page on screen without any sign.
  return (
    <Suspense key={pageKey(Component)} fallback={<FullPageSpin />}>
      <Component />
    </Suspense>
  );
}

const pageKeys = new WeakMap<object, string>();
function pageKey(Component: object): string {
  let key = pageKeys.get(Component);
  if (!key) pageKeys.set(Component, (key = `page-${(pageKeyCount += 1)}`));
  return key;
}
let pageKeyCount = 0;

/** Opens a module page only with its permission; the server checks again on every request. */
function GuardedPage({ route }: { route: ModuleRoute }) {
  const can = useCan();
  if (route.permission && !can(route.permission)) return <ForbiddenPage />;
  return <LazyPage Component={route.Component} />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LazyPage Component={LoginPage} />, errorElement: <RouteErrorPage /> },
  ...MODULE_ROUTES.filter((route) => route.public).map((route) => ({
    path: route.path,
    element: <LazyPage Component={route.Component} />,
    errorElement: <RouteErrorPage />,
  })),
  {
    path: '/',
    element: (
      <>
        <RouteProgress />
        <RequireSession />
      </>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      ...MODULE_ROUTES.filter((route) => !route.public).map((route) =>
        route.path === '/'
          ? { index: true, element: <GuardedPage route={route} />, errorElement: <RouteErrorPage /> }
          : { path: route.path.replace(/^\//, ''), element: <GuardedPage route={route} />, errorElement: <RouteErrorPage /> },
      ),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
