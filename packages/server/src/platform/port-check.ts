import net from 'node:net';

/** Whether nothing listens on host:port yet (a probe listens and closes at once). */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.once('listening', () => server.close(() => resolve(true)));
    server.listen(port, host);
  });
}

/**
 * The HTTP port is checked before anything else starts: a start that cannot listen must not touch
 * the database (nor the embedded PostgreSQL of an instance already serving on that port).
 */
export async function assertHttpPortFree(port: number, host: string): Promise<void> {
  if (port !== 0 && !(await portIsFree(port, host)))
    throw new Error(`port ${port} is busy: set PORT to a free port, or stop what uses it.`);
}
