// Helpers for the engine concurrency tests: a subscription book created through the official
// client in the past, engine child processes over the same database, and invariant checks.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestRecur } from '../support/recur.ts';

const WORKER = fileURLToPath(new URL('./run-due-worker.ts', import.meta.url));

export interface EngineProcess {
  child: ChildProcess;
  /** Items processed so far (from progress lines), and the final count once it exits. */
  progress(): number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; done: number | null; stderr: string }>;
}

export function startEngineProcess(databaseUrl: string, until: number): EngineProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, DATABASE_URL: databaseUrl, UNTIL: String(until) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let progress = 0;
  let done: number | null = null;
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      const m = /^(done|finished) (\d+)/.exec(line);
      if (m) progress = Number(m[2]);
      if (m?.[1] === 'finished') done = Number(m[2]);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; done: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, done, stderr })),
  );
  return { child, progress: () => progress, exited };
}

export const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 1000;

/** Creates `n` monthly subscriptions (a mix of flat and per-seat prices, a coupon) at r.clock's time. */
export async function createBook(r: TestRecur, n: number): Promise<string[]> {
  const flat = await r.stripe.prices.create({ currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Flat' } });
  const seat = await r.stripe.prices.create({ currency: 'usd', unit_amount: 700, recurring: { interval: 'month' }, product_data: { name: 'Seat' } });
  const coupon = await r.stripe.coupons.create({ percent_off: 10, duration: 'forever' });
  const ids: string[] = [];
  for (let k = 0; k < n; k++) {
    const customer = await r.stripe.customers.create({ email: `c${k}@example.com`, payment_method: 'pm_card_visa' });
    const pms = await r.stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pms.data[0].id } });
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: k % 2 === 0 ? [{ price: flat.id }] : [{ price: flat.id }, { price: seat.id, quantity: 1 + (k % 5) }],
      ...(k % 3 === 0 ? { discounts: [{ coupon: coupon.id }] } : {}),
    });
    if (sub.status !== 'active') throw new Error(`subscription ${sub.id} is ${sub.status}`);
    ids.push(sub.id);
  }
  return ids;
}

/** Everything that must hold once the engine has run: one invoice per period, each paid once. */
export async function billingFacts(r: TestRecur) {
  const q = (sql: string) => r.db.query(sql);
  const [perSub, dupPeriods, unpaid, charges, intents, payments] = await Promise.all([
    q(`SELECT subscription_id, count(*)::int AS n, array_agg(billing_period_key ORDER BY billing_period_key) AS keys
         FROM invoices WHERE subscription_id IS NOT NULL GROUP BY 1`),
    q(`SELECT subscription_id, billing_period_key, count(*)::int AS n FROM invoices
        WHERE billing_period_key IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1`),
    q(`SELECT id, status FROM invoices WHERE status <> 'paid'`),
    q(`SELECT pi.invoice_id, count(*)::int AS n FROM charges c JOIN payment_intents pi ON pi.id = c.payment_intent_id GROUP BY 1`),
    q(`SELECT invoice_id, count(*)::int AS n FROM payment_intents WHERE invoice_id IS NOT NULL GROUP BY 1`),
    q(`SELECT invoice_id, count(*)::int AS n FROM invoice_payments GROUP BY 1`),
  ]);
  const eventsPerInvoice = await q(
    `SELECT data->'data'->'object'->>'id' AS invoice, type, count(*)::int AS n FROM events
      WHERE type IN ('invoice.created', 'invoice.finalized', 'invoice.paid') GROUP BY 1, 2`,
  );
  return { perSub, dupPeriods, unpaid, charges, intents, payments, eventsPerInvoice };
}
