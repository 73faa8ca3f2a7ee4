// Flexible billing mode's prorations through the official client: proration_discounts `itemized`
// against `included` (the same money shown two ways), and a debit still pending credited exactly,
// named by its invoice item, then by its line once both are invoiced.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { recurForFile } from '../support/recur.ts';
import { DAY, FEB_1, JAN_1 } from '../support/calendar.ts';
import { clockStory, creditedOf, JAN_17 } from '../support/clock-story.ts';

const r = recurForFile();

const { clocked, monthly, fortyLessQuarter, advance, linesOf } = clockStory(r);
const discountsOf = (l: Stripe.InvoiceLineItem) => (l.discount_amounts ?? []).filter((d) => d.amount !== 0).map((d) => d.amount);

describe('proration_discounts', () => {
  /** $40.00/month with a 25% forever coupon, upgraded to $60.00 on day 16 with always_invoice. */
  async function upgradeWithCoupon(mode: 'included' | 'itemized') {
    const { clock, sixty, sub } = await fortyLessQuarter('forever', { billing_mode: { type: 'flexible', flexible: { proration_discounts: mode } } });
    expect(sub.billing_mode.flexible?.proration_discounts).toBe(mode);
    const first = await r.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first.total).toBe(3000); // 4000 − 25%
    await advance(clock.id, JAN_17);
    const up = await r.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: sixty.id }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    });
    const invoice = up.latest_invoice as Stripe.Invoice;
    return { invoice, lines: await linesOf(invoice.id), firstLine: (await linesOf(first.id))[0], first };
  }

  it('itemized: each proration shows its amount before discounts and the discount beside it', async () => {
    const { invoice, lines, first, firstLine } = await upgradeWithCoupon('itemized');
    expect(lines.map((l) => [l.amount, discountsOf(l)])).toEqual([
      [-1935, [-483]], // 4000 × 15/31 = 1935.48 → −1935; the net credit is 3000 × 15/31 = 1451.61 → 1452, so the discount is 1935 − 1452 = 483
      [2903, [726]], // 6000 × 15/31 = 2903.23 → 2903; 25% = 725.75 → 726
    ]);
    expect(lines.every((l) => l.discountable === false)).toBe(true);
    expect(creditedOf(lines[0])).toEqual({ invoice: first.id, invoice_line_items: [firstLine.id] });
    expect(invoice.subtotal).toBe(968); // −1935 + 2903
    expect(invoice.total).toBe(725); // 968 − (−483 + 726) = (−1452) + 2177
    expect(invoice.status).toBe('paid');
  });

  it('included: the same total, each amount net of its discount', async () => {
    const { invoice, lines } = await upgradeWithCoupon('included');
    expect(lines.map((l) => [l.amount, discountsOf(l)])).toEqual([
      [-1452, []], // 3000 × 15/31 = 1451.61 → −1452
      [2177, []], // 2903 − 726
    ]);
    expect(invoice.total).toBe(725);
  });
});

describe('a debit still pending', () => {
  it('a later change credits exactly that pending debit and names its invoice item; the renewal names its line', async () => {
    const { clock, customer } = await clocked();
    const [a, b, c] = [await monthly(3100), await monthly(6200), await monthly(9300)];
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: a.id }] });
    const item = sub.items.data[0].id;
    await advance(clock.id, JAN_1 + 10 * DAY); // 21 of 31 days remain
    await r.stripe.subscriptions.update(sub.id, { items: [{ id: item, price: b.id }], proration_behavior: 'create_prorations' });
    const afterFirst = (await r.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data;
    const debit = afterFirst.find((i) => i.amount === 4200)!; // 6200 × 21/31 = 4200, pending
    expect(afterFirst.map((i) => i.amount).sort((x, y) => x - y)).toEqual([-2100, 4200]); // 3100 × 21/31 = 2100

    await advance(clock.id, JAN_1 + 20 * DAY); // 11 days remain
    await r.stripe.subscriptions.update(sub.id, { items: [{ id: item, price: c.id }], proration_behavior: 'create_prorations' });
    const pending = (await r.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data;
    const credit = pending.find((i) => i.amount === -2200)!; // the pending 4200 over Jan 11 → Feb 1 (21 days), its last 11: 4200 × 11/21 = 2200
    expect(credit).toBeDefined();
    expect(credit.proration_details?.credited_items).toEqual({ type: 'invoice_item', invoice_item: debit.id });
    expect(pending.map((i) => i.amount).sort((x, y) => x - y)).toEqual([-2200, -2100, 3300, 4200]); // 9300 × 11/31 = 3300

    await advance(clock.id, FEB_1 + 2 * 3600);
    const renewal = await r.stripe.invoices.retrieve((await r.stripe.subscriptions.retrieve(sub.id)).latest_invoice as string);
    const lines = await linesOf(renewal.id);
    const debitLine = lines.find((l) => l.parent?.subscription_item_details?.invoice_item === debit.id)!;
    const creditLine = lines.find((l) => l.amount === -2200)!;
    expect(creditedOf(creditLine)).toEqual({ invoice: renewal.id, invoice_line_items: [debitLine.id] });
    expect(renewal.total).toBe(12_500); // 9300 for February + (−2100 + 4200 − 2200 + 3300 = 3200)
  });
});
