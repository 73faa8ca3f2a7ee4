// The reports agree with the invoices: MRR per month (and its movements) recomputed here from the
// invoices the official client returns, revenue collected from their paid amounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const JAN_1 = 1_767_225_600;
const DAY = 86_400;
const month = (t: number) => new Date(t * 1000).toISOString().slice(0, 7);

async function allInvoices(): Promise<Stripe.Invoice[]> {
  const out: Stripe.Invoice[] = [];
  for await (const i of r.stripe.invoices.list({ limit: 100 })) out.push(i);
  return out;
}

describe('reports agree with the invoices', () => {
  it('MRR per month with new, expansion, churn and reactivation; revenue collected', async () => {
    const basic = await r.stripe.prices.create({ currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Basic' } });
    const pro = await r.stripe.prices.create({ currency: 'usd', unit_amount: 5000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const yearly = await r.stripe.prices.create({ currency: 'usd', unit_amount: 120000, recurring: { interval: 'year' }, product_data: { name: 'Annual' } });
    const a = await clockedCustomer(r.stripe, JAN_1);
    const subA = await r.stripe.subscriptions.create({ customer: a.customer.id, items: [{ price: basic.id }] });
    const subY = await r.stripe.subscriptions.create({ customer: a.customer.id, items: [{ price: yearly.id }] });
    await r.stripe.testHelpers.testClocks.advance(a.clock.id, { frozen_time: JAN_1 + 31 * DAY + 2 * 3600 }); // Feb 1, renewal paid
    const item = (await r.stripe.subscriptions.retrieve(subA.id)).items.data[0];
    await r.stripe.subscriptions.update(subA.id, { items: [{ id: item.id, price: pro.id }], proration_behavior: 'none' });
    await r.stripe.testHelpers.testClocks.advance(a.clock.id, { frozen_time: JAN_1 + 59 * DAY + 2 * 3600 }); // Mar 1: Pro renews
    await r.stripe.subscriptions.cancel(subY.id);
    r.clock.set(JAN_1 + 75 * DAY);

    const invoices = (await allInvoices()).filter((i) => ['open', 'paid', 'uncollectible'].includes(i.status!));
    const prices = new Map([basic, pro, yearly].map((p) => [p.id, p]));
    const expected = new Map<string, number>();
    for (const inv of invoices)
      for (const l of (await r.stripe.invoices.listLineItems(inv.id, { limit: 100 })).data) {
        const price = prices.get((l.pricing?.price_details?.price as string) ?? '');
        if (!price || (l.parent?.subscription_item_details as any)?.proration) continue;
        const perMonth = price.recurring!.interval === 'year' ? l.amount / 12 : l.amount;
        for (let t = l.period.start; t < l.period.end; ) {
          const m = month(t);
          if (m <= month(r.clock.now())) expected.set(m, (expected.get(m) ?? 0) + perMonth);
          const d = new Date(t * 1000);
          t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
        }
      }
    const report = (await r.fetch('/v1/recur/reports/mrr')).body;
    const byMonth = Object.fromEntries(report.data.map((m: any) => [m.month, m]));
    for (const [m, mrr] of expected) expect(byMonth[m]?.mrr, m).toBe(Math.round(mrr));
    // Jan: Basic 2000 + Annual 120000 / 12 = 12000, all new
    expect(byMonth['2026-01']).toMatchObject({ mrr: 12000, new: 12000, expansion: 0, churn: 0 });
    // Feb: Basic renews at 2000 (the change to Pro is not prorated, billed from Mar 1)
    expect(byMonth['2026-02']).toMatchObject({ mrr: 12000, new: 0, expansion: 0 });
    // Mar: Pro 5000 replaces Basic 2000 → +3000 expansion; Annual still covers March
    expect(byMonth['2026-03']).toMatchObject({ mrr: 15000, expansion: 3000, churn: 0 });

    const revenue = (await r.fetch('/v1/recur/reports/revenue')).body.data;
    const paid = invoices.filter((i) => i.status === 'paid' && i.amount_paid > 0);
    const wantRevenue = new Map<string, number>();
    for (const i of paid) wantRevenue.set(month(i.status_transitions.paid_at!), (wantRevenue.get(month(i.status_transitions.paid_at!)) ?? 0) + i.amount_paid);
    expect(Object.fromEntries(revenue.map((x: any) => [x.month, x.amount]))).toEqual(Object.fromEntries(wantRevenue));

    const csv = await r.fetch('/v1/recur/reports/mrr.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('month,currency,mrr,new,expansion,contraction,churn,reactivation');
    expect(lines).toContain('2026-03,usd,15000,0,3000,0,0,0');
    const subs = (await r.fetch('/v1/recur/reports/subscriptions')).body.data;
    expect(subs).toEqual(expect.arrayContaining([{ status: 'active', subscriptions: 1 }, { status: 'canceled', subscriptions: 1 }]));
  });
});
