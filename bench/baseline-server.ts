// Child process for bench/api.ts: the least a Fastify + pg server can do for the same requests —
// one SELECT per GET, one INSERT per POST, the same form decoding — to measure Recur against.
import Fastify from 'fastify';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { decodeForm } from '../src/api/http/form.ts';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL!, max: Number(process.env.BENCH_POOL ?? 10) });
await pool.query('CREATE TABLE IF NOT EXISTS customers (seq bigserial UNIQUE, id text PRIMARY KEY, created bigint NOT NULL, data jsonb NOT NULL)');
const id = () => `cus_${randomBytes(12).toString('hex')}`;
const seed = { id: id(), object: 'customer', email: 'read@example.com', name: 'Read Me', metadata: { plan: 'pro' } };
await pool.query('INSERT INTO customers (id, created, data) VALUES ($1, $2, $3)', [seed.id, 0, JSON.stringify(seed)]);

const app = Fastify({ logger: false });
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, decodeForm(body as string)));
app.get<{ Params: { id: string } }>('/v1/customers/:id', async (req, reply) => {
  const r = await pool.query('SELECT data FROM customers WHERE id = $1', [req.params.id]);
  if (!r.rows.length) return reply.status(404).send({ error: { type: 'invalid_request_error', message: 'No such customer' } });
  return r.rows[0].data;
});
app.post('/v1/customers', async (req) => {
  const p = req.body as Record<string, unknown>;
  const c = { id: id(), object: 'customer', created: Math.floor(Date.now() / 1000), email: p.email ?? null, name: p.name ?? null, metadata: p.metadata ?? {} };
  await pool.query('INSERT INTO customers (id, created, data) VALUES ($1, $2, $3)', [c.id, c.created, JSON.stringify(c)]);
  return c;
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.send!({ port: (app.server.address() as { port: number }).port, customerId: seed.id });
process.on('disconnect', async () => {
  await app.close();
  await pool.end();
  process.exit(0);
});
