import { load, login, report } from './lib.js';
const who = process.env.WHO ?? 'director';
const path = '/api/v1/customers?tier=B&sort=-updatedAt&pageSize=50';
const ports = [4555, 4557];
const cookies = await Promise.all(ports.map((p) => login(p, who)));
await Promise.all(ports.map((p, i) => load(`http://127.0.0.1:${p}`, [path], cookies[i], { duration: 2, connections: 25 })));
const results = await Promise.all(ports.map((p, i) => load(`http://127.0.0.1:${p}`, [path], cookies[i], { duration: 8, connections: 25 })));
results.forEach((r, i) => report(`${who} port ${ports[i]}`, r, undefined, 25));
console.log('total req/s', results.reduce((a, r) => a + r.rps, 0));
