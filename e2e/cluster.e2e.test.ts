// WORKERS=2: two HTTP worker processes behind one port, one embedded PostgreSQL. Node's cluster hands
// connections to the workers in turn, so consecutive requests on fresh connections alternate between
// them; every check below is made several times so both workers answer it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './harness';

let server: RunningServer;
beforeAll(async () => {
  // Its own server and database (the suite's shared one runs a single process).
  server = await startServer({ WORKERS: '2', WEB_DIST: '' });
});
afterAll(() => server?.stop());

interface Session {
  cookie: string;
  csrf: string;
}

/** A fresh TCP connection per request (no keep-alive), so the cluster spreads them over the workers. */
const call = (path: string, init: RequestInit & { session?: Session } = {}) =>
  fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers: {
      connection: 'close',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.session ? { cookie: init.session.cookie, 'x-csrf-token': init.session.csrf } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });

async function signIn(username: string): Promise<Session> {
  const response = await call('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ username, password: 'demo1234' }) });
  expect(response.status, await response.clone().text()).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const session = {
    cookie: response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrf: csrfToken,
  };
  expect((await call('/api/v1/auth/acknowledge-confidentiality', { method: 'POST', session })).status).toBe(200);
  return session;
}

const sixTimes = async <T>(request: () => Promise<T>) => {
  const results: T[] = [];
  for (let i = 0; i < 6; i++) results.push(await request());
  return results;
};

describe('two worker processes', () => {
  it('serve the app together: sessions, lists, a rename and a sign-out hold on both workers at once', async () => {
    const rep = await signIn('rep');
    const admin = await signIn('admin');
    expect(new Set(await sixTimes(async () => (await call('/api/v1/auth/me', { session: rep })).status))).toEqual(new Set([200]));

    const me = (await (await call('/api/v1/auth/me', { session: rep })).json()) as { id: string; displayName: string };
    const listOwnerNames = async () => {
      const page = (await (await call('/api/v1/customers?pageSize=5&sort=-updatedAt', { session: rep })).json()) as {
        items: { ownerName: string }[];
      };
      return [...new Set(page.items.map((item) => item.ownerName))];
    };
    // Both workers load their directory of names before the rename.
    expect(new Set((await sixTimes(listOwnerNames)).flat())).toEqual(new Set([me.displayName]));

    // The admin renames the rep on one worker; the other worker's directory hears it through PostgreSQL.
    const user = (await (await call(`/api/v1/users/${me.id}`, { session: admin })).json()) as { version: number };
    const renamed = await call(`/api/v1/users/${me.id}`, {
      method: 'PATCH',
      session: admin,
      body: JSON.stringify({ version: user.version, displayName: '集群测试名' }),
    });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    await new Promise((r) => setTimeout(r, 200)); // the NOTIFY's trip to the other process
    expect(new Set((await sixTimes(listOwnerNames)).flat())).toEqual(new Set(['集群测试名']));

    // Signing out on one worker ends the session on both at once (no cached session left behind).
    expect((await call('/api/v1/auth/logout', { method: 'POST', session: rep })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(new Set(await sixTimes(async () => (await call('/api/v1/auth/me', { session: rep })).status))).toEqual(new Set([401]));
  });
});
