import type { ReactElement, ReactNode } from 'react';
import { App as AntApp } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { render } from '@testing-library/react';
import type { Me } from '@xiaoguan/shared';
import { MeProvider } from '../core/session';

/** A signed-in rep unless told otherwise; permissions and abilities as the server would send them. */
export function testMe(overrides: Partial<Me> = {}): Me {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    username: 'rep',
    displayName: '测试销售',
    roles: ['rep'],
    orgUnitId: null,
    orgUnitName: null,
    managerId: null,
    locale: 'zh-CN',
    mustChangePassword: false,
    confidentialityAcknowledgedAt: '2026-01-01T00:00:00.000Z',
    permissions: {},
    seesOthers: false,
    csrfToken: 'csrf',
    demo: false,
    company: { name: '测试公司', timeZone: 'Asia/Shanghai' },
    ...overrides,
  };
}

/** Shows the current URL's query, so a test can read what the list put there. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}

/** Renders inside what the app gives every page: a signed-in user, a router at `url`, react-query and antd's App. */
export function renderInApp(ui: ReactElement, { me = testMe(), url = '/' }: { me?: Me; url?: string } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[url]}>
        <MeProvider me={me}>
          <AntApp>
            {children}
            <LocationProbe />
          </AntApp>
        </MeProvider>
      </MemoryRouter>
    </QueryClientProvider>
  );
  return render(ui, { wrapper });
}
