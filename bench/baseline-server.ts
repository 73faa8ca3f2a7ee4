// Child process for bench/api.ts: the least a Fastify + pg server can do for the same requests —
// one SELECT per GET, one INSERT per POST, the same form decoding — to measure Recur against. To be
// honest it writes the same row: Recur's own customers table (migrated, with its generated columns
// and indexes) and a customer object of the same shape and size, as one autocommitted statement.
// With BASELINE_WRITES=recur it is the floor under Recur's POST instead: no authentication, no
// validation, no service code (only Recur's store, for its pipelining), but the rows Recur must write for a new customer under an
// Idempotency-Key (the customer, whose trigger writes its search row; its customer.created event,
// whose triggers look for webhook endpoints and email types; the stored answer under the key,
// claimed by the same advisory lock and read before anything is written), in Recur's two round trips.
import Fastify from 'fastify';
import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import { decodeForm } from '../src/api/http/form.ts';
import { PgDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';

const schema = PgDb.connect(process.env.DATABASE_URL!, 1);
await migrate(schema);
await schema.close();

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL!, max: Number(process.env.BENCH_POOL ?? 10) });
const id = () => `cus_${randomBytes(12).toString('hex')}`;
const customer = (p: Record<string, unknown>) => ({
  id: id(),
  object: 'customer',
  address: null,
  balance: 0,
  created: Math.floor(Date.now() / 1000),
  currency: null,
  default_source: null,
  delinquent: false,
  description: null,
  discount: null,
  email: p.email ?? null,
  invoice_prefix: 'ABCD1234',
  invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
  livemode: false,
  metadata: p.metadata ?? {},
  name: p.name ?? null,
  next_invoice_sequence: 1,
  phone: null,
  preferred_locales: [],
  shipping: null,
  tax_exempt: 'none',
  test_clock: null,
});
const insertCustomer = (c: ReturnType<typeof customer>) =>
  pool.query('INSERT INTO customers (id, created, data) VALUES ($1, $2, $3)', [c.id, c.created, JSON.stringify(c)]);
// Recur's two round trips: BEGIN with the claim (the key's advisory lock and its row, read before
// anything is written), then the writes with COMMIT, pipelined by Recur's own store.
const store = process.env.BASELINE_WRITES === 'recur' ? PgDb.connect(process.env.DATABASE_URL!, Number(process.env.BENCH_POOL ?? 10)) : null;
const CLAIM = `SELECT l.locked, k.params_hash FROM (SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked) l
  LEFT JOIN idempotency_keys k ON k.api_key_id = $2 AND k.key = $3`;
const RECUR_WRITES = `WITH c AS (INSERT INTO customers (id, created, data) VALUES ($1, $2, $3)),
  e AS (INSERT INTO events (id, type, created, customer_id, object_id, data) VALUES ($4, 'customer.created', $2, $1, $1, $5))
  INSERT INTO idempotency_keys (api_key_id, key, method, path, params_hash, status, body, created)
  VALUES ($6, $7, 'POST', '/v1/customers', $8, 200, $3, $2)`;
const insertAsRecur = (c: ReturnType<typeof customer>, key: string) =>
  store!.transaction(async (tx) => {
    const [claim] = await tx.query(CLAIM, [`key_bench ${key}`, 'key_bench', key]);
    if (!claim.locked || claim.params_hash !== null) throw new Error(`key ${key} is taken`);
    const body = JSON.stringify(c);
    const eventId = `evt_${randomBytes(12).toString('hex')}`;
    const request = { id: `req_${randomBytes(7).toString('hex')}`, idempotency_key: key };
    const event = { id: eventId, object: 'event', api_version: '2026-10-28.endive', created: c.created, data: { object: c }, livemode: false, pending_webhooks: 0, request, type: 'customer.created' };
    const hash = createHash('sha256').update(body).digest('base64url');
    tx.enqueue!(RECUR_WRITES, [c.id, c.created, body, eventId, JSON.stringify(event), 'key_bench', key, hash]);
  });
const insert = (c: ReturnType<typeof customer>, key?: string) =>
  process.env.BASELINE_WRITES === 'recur' && key ? insertAsRecur(c, key) : insertCustomer(c);
const seed = customer({ email: 'read@example.com', name: 'Read Me', metadata: { plan: 'pro' } });
await insert(seed);

const app = Fastify({ logger: false });
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, decodeForm(body as string)));
app.get<{ Params: { id: string } }>('/v1/customers/:id', async (req, reply) => {
  const r = await pool.query('SELECT data FROM customers WHERE id = $1', [req.params.id]);
  if (!r.rows.length) return reply.status(404).send({ error: { type: 'invalid_request_error', message: 'No such customer' } });
  return r.rows[0].data;
});
app.post('/v1/customers', async (req) => {
  const c = customer(req.body as Record<string, unknown>);
  await insert(c, req.headers['idempotency-key'] as string | undefined);
  return c;
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.send!({ port: (app.server.address() as { port: number }).port, customerId: seed.id });
process.on('disconnect', async () => {
  await app.close();
  await pool.end();
  await store?.close();
  process.exit(0);
});
