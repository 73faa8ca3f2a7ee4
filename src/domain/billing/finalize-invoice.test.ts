import { describe, expect, it } from 'vitest';
import { finalizeInvoice } from './finalize-invoice.ts';
import { renewSubscription } from './renew-subscription.ts';
import { customer, env, FEB_1, item, price, subscription } from './billing-fixtures.test-support.ts';

const flat = price({ id: 'flat', unit_amount: 4900, unit_amount_decimal: '4900' as any });
const AT = FEB_1 + 3600;

function draft() {
  const r = renewSubscription(
    {
      subscription: subscription([item('si_flat', flat, 1)]),
      customer: customer(),
      productNames: new Map([['prod_flat', 'Flat plan']]),
      discounts: [],
      itemDiscounts: new Map(),
      usage: new Map(),
      pendingItems: [],
      customerTaxIds: [{ type: 'eu_vat', value: 'DE123456789' }],
    },
    FEB_1,
    env(),
  );
  return { invoice: r.invoice, lines: r.lines, invoiceDiscounts: [], lineDiscounts: new Map(), customerTaxIds: [] };
}

describe('finalizeInvoice', () => {
  it('numbers the invoice from the customer sequence, opens it and asks for collection', () => {
    const f = finalizeInvoice({ ...draft(), customer: customer(), daysUntilDue: null }, AT);
    expect(f.invoice.number).toBe('ADA1-0003');
    expect(f.customer.next_invoice_sequence).toBe(4);
    expect(f.invoice.status).toBe('open');
    expect(f.invoice.amount_due).toBe(4900);
    expect(f.invoice.status_transitions.finalized_at).toBe(AT);
    expect(f.invoice.automatically_finalizes_at).toBeNull();
    expect(f.next).toBe('collect');
    expect(f.balanceChange).toBe(0);
    expect(f.events.map((e) => e.type)).toEqual(['invoice.finalized']);
  });

  it('a credit balance pays part of the invoice', () => {
    const f = finalizeInvoice({ ...draft(), customer: customer({ balance: -1500 }), daysUntilDue: null }, AT);
    // 4900 − 1500 credit = 3400 due; the credit is used up: balance −1500 → 0
    expect(f.invoice.starting_balance).toBe(-1500);
    expect(f.invoice.ending_balance).toBe(0);
    expect(f.invoice.amount_due).toBe(3400);
    expect(f.balanceChange).toBe(1500);
  });

  it('a credit covering the total leaves nothing due: paid at once', () => {
    const f = finalizeInvoice({ ...draft(), customer: customer({ balance: -6000 }), daysUntilDue: null }, AT);
    // 4900 − 6000: nothing due, 1100 credit left
    expect(f.invoice.amount_due).toBe(0);
    expect(f.invoice.ending_balance).toBe(-1100);
    expect(f.next).toBe('paid');
  });

  it('a balance in another currency stays on the customer', () => {
    const f = finalizeInvoice({ ...draft(), customer: customer({ balance: -1500, currency: 'eur' }), daysUntilDue: null }, AT);
    expect(f.invoice.amount_due).toBe(4900);
    expect(f.balanceChange).toBe(0);
  });

  it('an invoice sent for payment is due days_until_due after finalization', () => {
    const d = draft();
    const f = finalizeInvoice({ ...d, invoice: { ...d.invoice, collection_method: 'send_invoice' }, customer: customer(), daysUntilDue: 14 }, AT);
    expect(f.invoice.due_date).toBe(AT + 14 * 86400);
    expect(f.next).toBe('wait');
  });

  it("keeps the customer's tax ids as they are at finalization, not as they were on the draft", () => {
    const d = draft();
    expect(d.invoice.customer_tax_ids).toEqual([{ type: 'eu_vat', value: 'DE123456789' }]);
    const now = [{ type: 'eu_vat', value: 'FR12345678901' }, { type: 'gb_vat', value: 'GB123456789' }];
    const f = finalizeInvoice({ ...d, customer: customer(), customerTaxIds: now, daysUntilDue: null }, AT);
    expect(f.invoice.customer_tax_ids).toEqual(now);
  });

  it('refuses to finalize an invoice that is not a draft', () => {
    const d = draft();
    expect(() => finalizeInvoice({ ...d, invoice: { ...d.invoice, status: 'open' }, customer: customer(), daysUntilDue: null }, AT)).toThrow(/status is open/);
  });
});
