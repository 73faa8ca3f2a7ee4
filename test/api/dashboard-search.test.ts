// The dashboard's search-as-you-type on subscriptions: by the subscription's own text or its
// customer's (kept beside it in subscription_search by triggers), newest first, with the count;
// and customer search, which leaves deleted customers out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
const subs: Record<string, string> = {};
beforeAll(async () => {
  r = await startRecur();
  const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Plan' } });
  for (const [name, ref] of [
    ['Ada Lovelace', 'AX-1'],
    ['Grace Hopper', 'GX-2'],
    ['Ada Byron', 'QQ-3'],
  ]) {
    const c = await r.stripe.customers.create({ name, email: `${name.split(' ')[1].toLowerCase()}@example.com`, payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    subs[name] = (await r.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }], metadata: { ref } })).id;
  }
});
afterAll(() => r.close());

const lookup = async (query: string, extra = '') => {
  const res = await r.fetch(`/v1/recur/subscriptions/lookup?query=${encodeURIComponent(query)}${extra}`);
  expect(res.status).toBe(200);
  return res.body;
};

describe('subscription search', () => {
  it("finds by the customer's text and by the subscription's own, newest first, counted", async () => {
    const ada = await lookup('ada');
    expect(ada.data.map((d: any) => d.subscription.id)).toEqual([subs['Ada Byron'], subs['Ada Lovelace']]);
    expect(ada).toMatchObject({ total_count: 2, has_more: false });
    expect(ada.total_count_capped).toBeUndefined();
    expect((await lookup('gx-2')).data.map((d: any) => d.subscription.id)).toEqual([subs['Grace Hopper']]);
    expect((await lookup(subs['Ada Lovelace'])).data.map((d: any) => d.subscription.id)).toEqual([subs['Ada Lovelace']]);
    expect((await lookup('hopper@example')).total_count).toBe(1);
    expect((await lookup('nobody')).total_count).toBe(0);
  });

  it('gives the same answers for short text (scanned) as a longer search would', async () => {
    // Two characters no random id can hold: a hyphen (metadata), an @ (the customer's email).
    expect((await lookup('q-')).data.map((d: any) => d.subscription.id)).toEqual([subs['Ada Byron']]);
    expect((await lookup('n@')).data.map((d: any) => d.subscription.id)).toEqual([subs['Ada Byron']]);
    expect((await lookup('e@')).data.map((d: any) => d.subscription.id)).toEqual([subs['Ada Lovelace']]);
    const page = await lookup('a', '&limit=2');
    expect(page).toMatchObject({ total_count: 3, has_more: true });
  });

  it("follows a customer's change: the new name finds their subscription, the old one no longer", async () => {
    const sub = await r.stripe.subscriptions.retrieve(subs['Grace Hopper']);
    await r.stripe.customers.update(sub.customer as string, { name: 'Grace Brewster' });
    expect((await lookup('brewster')).data.map((d: any) => d.subscription.id)).toEqual([subs['Grace Hopper']]);
    expect((await lookup('grace hopper')).total_count).toBe(0);
    await r.stripe.customers.update(sub.customer as string, { name: 'Grace Hopper' });
    expect((await lookup('grace hopper')).total_count).toBe(1);
  });

  it('exports the same filter as CSV', async () => {
    const res = await r.fetch(`/v1/recur/exports/subscriptions.csv?query=ada`);
    const ids = String(res.body).trim().split('\r\n').slice(1).map((l) => l.split(',')[0]);
    expect(ids).toEqual([subs['Ada Byron'], subs['Ada Lovelace']]);
  });
});

describe('customer search', () => {
  it('finds customers as typed, paged newest first, and no longer finds one deleted', async () => {
    const find = async (query: string, extra = '') => (await r.fetch(`/v1/recur/customers/lookup?query=${encodeURIComponent(query)}${extra}`)).body;
    expect((await find('ada')).data.map((c: any) => c.name)).toEqual(['Ada Byron', 'Ada Lovelace']);
    const first = await find('example.com', '&limit=2');
    expect(first).toMatchObject({ total_count: 3, has_more: true });
    const rest = await find('example.com', `&limit=2&starting_after=${first.data[1].id}`);
    expect(rest.data.map((c: any) => c.name)).toEqual(['Ada Lovelace']);
    const gone = await r.stripe.customers.create({ name: 'Ada Gone' });
    expect((await find('ada gone')).total_count).toBe(1);
    await r.stripe.customers.del(gone.id);
    expect(await find('ada gone')).toMatchObject({ total_count: 0, data: [] });
  });
});
