// The bare floor for bench/customers.bench.ts: a Fastify app with one constant route, run in its own
// process (the load generator must not share its event loop). `node --import tsx bench/floor-server.ts <port>`
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const body = { status: 'ok' };
app.get('/constant', async () => body);
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
