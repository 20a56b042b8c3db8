import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the WeCom group robot's webhook (issue 18 item 4: "tested against a local fake
 * endpoint"): answers `{errcode: 0}` to each POST and records it; `GET /received` lists what came.
 */
export async function startFakeRobot(): Promise<{ url: string; stop: () => Promise<void> }> {
  const received: { path: string; body: unknown }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET') return res.end(JSON.stringify(received));
      try {
        received.push({ path: req.url ?? '', body: JSON.parse(body) });
      } catch {
        received.push({ path: req.url ?? '', body });
      }
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
