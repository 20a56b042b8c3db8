import { load, login, report } from './lib.js';
const port = Number(process.env.PORT);
const who = process.env.WHO ?? 'director';
const path = process.env.PATHQ ?? '/api/v1/customers?tier=B&sort=-updatedAt&pageSize=50';
const cookie = await login(port, who);
await load(`http://127.0.0.1:${port}`, [path], cookie, { duration: 2, connections: 50 });
report(`${who} ${path}`, await load(`http://127.0.0.1:${port}`, [path], cookie, { duration: Number(process.env.DURATION ?? 5), connections: Number(process.env.CONN ?? 50) }), undefined, 50);
