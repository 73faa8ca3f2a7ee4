// The credit note PDF: served at the credit note's `pdf` URL, with the seller, the lines, the total
// and how the money was settled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';
import { pdfText } from '../support/pdf-text.ts';

const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

async function fetchPdf(url: string) {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const body = Buffer.from(await res.arrayBuffer());
  expect(body.subarray(0, 5).toString()).toBe('%PDF-');
  return pdfText(body).join('\n');
}

describe('credit note PDF', () => {
  it('shows the seller, the lines, the total and where the money went', async () => {
    const set = await r.fetch('/v1/recur/account_settings', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'business_name=Deskhub+Coworking' });
    expect(set.status).toBe(200);
    const { customer } = await clockedCustomer(r.stripe, JAN_1);
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 4000, recurring: { interval: 'month' }, product_data: { name: 'Hot desk' } });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const invoice = await r.stripe.invoices.retrieve(sub.latest_invoice as string);
    // 4,000 paid; 1,500 back: 1,000 to the card, 300 to the balance, 200 settled out of band.
    const cn = await r.stripe.creditNotes.create({ invoice: invoice.id, amount: 1500, refund_amount: 1000, credit_amount: 300, out_of_band_amount: 200, reason: 'order_change' });
    // The URL is on Recur's public base (its configured address); the test fetches its path.
    expect(new URL(cn.pdf).pathname).toBe(`/credit_notes/${cn.id}/pdf`);
    const text = await fetchPdf(`${r.url}${new URL(cn.pdf).pathname}`);
    expect(text).toContain('Deskhub Coworking');
    expect(text).toContain(`Credit note number  ${cn.number}`);
    expect(text).toContain(`Invoice  ${invoice.number}`);
    expect(text).toContain('$15.00 credited');
    expect(text).toContain('Total credited');
    expect(text).toContain('Refunded to the card\n$10.00');
    expect(text).toContain("Credited to the customer's balance\n$3.00");
    expect(text).toContain('Settled out of band\n$2.00');
    expect((await fetch(`${r.url}/credit_notes/cn_nope/pdf`)).status).toBe(404);
  });
});
