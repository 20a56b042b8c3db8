import { lazy, Suspense } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { RouteErrorPage } from './FullPage';

/** A page whose code chunk is gone from the server, as an open tab sees it after a deploy. */
function appWithMissingChunk() {
  const Page = lazy(() =>
    Promise.reject(new TypeError('Failed to fetch dynamically imported module: http://localhost/assets/CustomerListPage-0ld1234.js')),
  );
  const router = createMemoryRouter([
    {
      path: '/',
      errorElement: <RouteErrorPage />,
      element: (
        <Suspense fallback={null}>
          <Page />
        </Suspense>
      ),
    },
  ]);
  return render(<RouterProvider router={router} />);
}

describe('an open tab after a deploy', { timeout: 60_000 }, () => {
  const reload = vi.fn();
  beforeEach(() => {
    window.sessionStorage.clear();
    reload.mockReset();
    vi.stubGlobal('location', { ...window.location, reload });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('reloads to the new version when a page chunk is missing, instead of "Something went wrong"', async () => {
    appWithMissingChunk();
    expect(await screen.findByTestId('new-version', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.queryByText('页面出错了')).not.toBeInTheDocument();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('does not loop: a chunk still missing right after that reload shows the error page', async () => {
    window.sessionStorage.setItem('xg.newVersionReloadAt', String(Date.now()));
    appWithMissingChunk();
    expect(await screen.findByText('页面出错了', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(reload).not.toHaveBeenCalled();
  });

  it('reports a page that crashed for another reason as a crash, without reloading', async () => {
    const Broken = () => {
      throw new Error('boom');
    };
    const router = createMemoryRouter([{ path: '/', errorElement: <RouteErrorPage />, element: <Broken /> }]);
    render(<RouterProvider router={router} />);
    expect(await screen.findByText('页面出错了', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(reload).not.toHaveBeenCalled();
  });
});
