// `npm run bench:search`: the dashboard's search-as-you-type on N customers and N subscriptions
// (BENCH_N, default 100,000) on PostgreSQL. Seeds them like bench:billing (cloned from templates
// made through the official client), gives every customer its own name, email and metadata, then
// times GET /v1/recur/customers/lookup and /v1/recur/subscriptions/lookup for what staff type
// (a letter, a name as it is typed, an email, an id, text that matches nothing), one request at a
// time, against a same-run baseline: GET /v1/customers/:id (a plain primary-key SELECT) through
// the same server. Then drops the trigram indexes and times the searches again, to show what
// they do. Prints p50/p99 per query; the target is p99 < 200 ms.
import Stripe from 'stripe';
import { createDatabase } from './billing-db.ts';
import { seedBilling } from './billing-seed.ts';
import { PgDb } from '../src/store/db.ts';
import { FixedClock } from '../src/core/clock.ts';
import { buildApp } from '../src/api/app.ts';
import { ensureApiKey } from '../src/api/http/auth.ts';
import { composeRecur } from '../src/cli/compose.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const CREATED = Date.UTC(2025, 11, 1) / 1000;
const KEY = 'sk_test_recur_bench_search_00000000000';

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Margaret', 'Ken', 'Radia', 'Tim', 'Hedy', 'Linus', 'Sophie', 'Dennis', 'Katherine', 'Niklaus', 'Shafi', 'Leslie'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'McCarthy', 'Hamilton', 'Thompson', 'Perlman', 'Berners', 'Lamarr', 'Torvalds', 'Wilson', 'Ritchie', 'Johnson', 'Wirth', 'Goldwasser', 'Lamport'];

/** Every customer its own name, email, phone and metadata, from its seq (400 name pairs). */
async function varyCustomers(db: PgDb): Promise<void> {
  await db.query(
    `UPDATE customers SET data = data || jsonb_build_object(
        'name', f.first || ' ' || l.last || ' ' || seq,
        'email', lower(f.first || '.' || l.last || '.' || seq || '@clinic' || (seq % 97) || '.example'),
        'phone', '+1555' || lpad(seq::text, 7, '0'),
        'metadata', jsonb_build_object('account_ref', 'ACC-' || lpad(seq::text, 6, '0')))
       FROM (SELECT ord - 1 AS k, first FROM unnest($1::text[]) WITH ORDINALITY AS t(first, ord)) f,
            (SELECT ord - 1 AS k, last FROM unnest($2::text[]) WITH ORDINALITY AS t(last, ord)) l
      WHERE f.k = seq % 20 AND l.k = (seq / 20) % 20`,
    [FIRST, LAST],
  );
  await db.query('VACUUM ANALYZE customers');
  await db.query('VACUUM ANALYZE subscriptions');
  await db.query('VACUUM ANALYZE customer_search');
  await db.query('VACUUM ANALYZE subscription_search');
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function time(url: string, runs: number): Promise<{ p50: number; p99: number; total: number | null }> {
  const ms: number[] = [];
  let total: number | null = null;
  for (let i = 0; i < runs + 5; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${KEY}` } });
    const body = await res.json();
    if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    if (i >= 5) ms.push(performance.now() - t0); // the first 5 warm up
    total = body.total_count ?? null;
  }
  return { p50: pct(ms, 50), p99: pct(ms, 99), total };
}

async function main() {
  console.log(`seeding ${N.toLocaleString('en-US')} customers and subscriptions…`);
  const database = await createDatabase('search');
  try {
    const seeded = await seedBilling(database.url, N, CREATED);
    const db = PgDb.connect(database.url, 10);
    await varyCustomers(db);
    const indexes = await db.query(`SELECT indexname FROM pg_indexes WHERE indexname LIKE '%\_trgm'`);
    console.log(`seeded ${seeded.subscriptions.toLocaleString('en-US')} subscriptions; trigram indexes: ${indexes.map((r) => r.indexname).join(', ') || 'none'}`);
    const clock = new FixedClock(CREATED + 86400);
    await ensureApiKey(db, clock.now(), KEY);
    const app = await buildApp({ context: composeRecur({ db, clock }).context });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as any).port}`;
    const [sample] = await db.query(`SELECT id, data->>'email' AS email, data->'metadata'->>'account_ref' AS ref FROM customers ORDER BY seq LIMIT 1 OFFSET $1`, [Math.floor(N / 3)]);
    const [sub] = await db.query(`SELECT id FROM subscriptions ORDER BY seq LIMIT 1 OFFSET $1`, [Math.floor(N / 2)]);
    const queries: Array<[string, string]> = [
      ['one letter "a"', 'a'],
      ['"ad"', 'ad'],
      ['"ada"', 'ada'],
      ['"ada love"', 'ada love'],
      ['"hopper"', 'hopper'],
      ['an email', sample.email],
      ['a customer id', sample.id],
      ['a metadata value', sample.ref],
      ['no match', 'zzqxv'],
    ];
    const rows: Array<[string, string, { p50: number; p99: number; total: number | null }]> = [];
    const baseline = await time(`${base}/v1/customers/${sample.id}`, RUNS);
    rows.push(['baseline', 'GET /v1/customers/:id', baseline]);
    const run = async (label: string) => {
      for (const [name, q] of queries) rows.push([label, `customers ${name}`, await time(`${base}/v1/recur/customers/lookup?limit=20&query=${encodeURIComponent(q)}`, RUNS)]);
      for (const [name, q] of [...queries.filter(([n]) => n !== 'a customer id'), ['a subscription id', sub.id] as [string, string]])
        rows.push([label, `subscriptions ${name}`, await time(`${base}/v1/recur/subscriptions/lookup?limit=25&query=${encodeURIComponent(q)}`, RUNS)]);
      rows.push([label, 'subscriptions, status active, no text', await time(`${base}/v1/recur/subscriptions/lookup?limit=25&status=active`, RUNS)]);
    };
    await run('trigram indexes');
    if (indexes.length) {
      for (const { indexname } of indexes) await db.query(`DROP INDEX ${indexname}`);
      await run('without them');
    }
    console.log(`\nN = ${N.toLocaleString('en-US')}, ${RUNS} sequential requests each (after 5 warm-up), p50/p99 in ms; target p99 < 200 ms\n`);
    console.log(`| index | request | matches | p50 | p99 | p99 vs baseline |\n|---|---|---|---|---|---|`);
    for (const [label, name, r] of rows)
      console.log(`| ${label} | ${name} | ${r.total === null ? '—' : r.total.toLocaleString('en-US')} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.p99 / baseline.p99).toFixed(1)}× |`);
    await app.close();
    await db.close();
  } finally {
    await database.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
