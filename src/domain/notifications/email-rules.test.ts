import { describe, expect, it } from 'vitest';
import { emailForEvent, type EmailEvent } from './email-rules.ts';
import { formatMoney } from './format.ts';
import { afterSendAttempt } from './email-attempt.ts';

const on = { accountName: 'Acme <Yoga>', enabled: () => true, customerEmail: 'ada@example.com', ownerEmail: 'owner@acme.test' };
const event = (type: string, object: Record<string, unknown>, extra: Partial<EmailEvent> = {}): EmailEvent => ({
  id: 'evt_1',
  type,
  created: 1_767_225_600,
  data: { object },
  ...extra,
});
const invoice = (over: Record<string, unknown> = {}) => ({
  object: 'invoice',
  id: 'in_1',
  number: 'ACME-0001',
  currency: 'usd',
  amount_due: 123_456,
  amount_paid: 123_456,
  amount_remaining: 0,
  customer_email: 'billing@customer.test',
  collection_method: 'charge_automatically',
  hosted_invoice_url: 'http://recur.test/invoices/in_1',
  status_transitions: { finalized_at: 1_767_225_600, paid_at: 1_767_225_600 },
  next_payment_attempt: null,
  due_date: null,
  ...over,
});

describe('formatMoney', () => {
  it('writes minor units with the currency exponent', () => {
    expect(formatMoney(1999, 'usd')).toBe('$19.99');
    expect(formatMoney(123_456, 'eur')).toBe('€1,234.56');
    expect(formatMoney(500, 'jpy')).toBe('¥500'); // no minor unit
    expect(formatMoney(1234, 'kwd')).toBe('KWD\u00a01.234'); // three decimals (Intl puts a no-break space after a code)
    expect(formatMoney(5, 'usd')).toBe('$0.05');
    expect(formatMoney(-250, 'usd')).toBe('-$2.50');
    expect(formatMoney(9_007_199_254_740_991, 'usd')).toBe('$90,071,992,547,409.91'); // no float rounding
  });
});

describe('email rules', () => {
  it('sends a receipt for a paid invoice with money in it, to the customer, escaped in HTML', () => {
    const d = emailForEvent(event('invoice.paid', invoice()), on)!;
    expect(d).toMatchObject({ message: 'receipt', to: 'ada@example.com', subject: 'Your receipt from Acme <Yoga> #ACME-0001' });
    expect(d.text).toContain('$1,234.56');
    expect(d.html).toContain('Acme &lt;Yoga&gt;');
    expect(d.html).not.toContain('<Yoga>');
    expect(emailForEvent(event('invoice.paid', invoice({ amount_paid: 0 })), on)).toBeNull();
  });

  it('falls back to the address on the object, and sends nothing without any', () => {
    expect(emailForEvent(event('invoice.paid', invoice()), { ...on, customerEmail: null })!.to).toBe('billing@customer.test');
    expect(emailForEvent(event('customer.subscription.deleted', { object: 'subscription', id: 'sub_1', canceled_at: 1 }), { ...on, customerEmail: null })).toBeNull();
  });

  it('sends nothing for a message switched off, or for events without a rule', () => {
    expect(emailForEvent(event('invoice.paid', invoice()), { ...on, enabled: (m) => m !== 'receipt' })).toBeNull();
    expect(emailForEvent(event('customer.created', { object: 'customer' }), on)).toBeNull();
  });

  it('sends a send_invoice invoice at finalization, and a send only when it did not just finalize it', () => {
    const sendInvoice = invoice({ collection_method: 'send_invoice', amount_paid: 0, amount_remaining: 123_456, due_date: 1_769_817_600 });
    expect(emailForEvent(event('invoice.finalized', sendInvoice), on)).toMatchObject({ message: 'invoice_sent' });
    expect(emailForEvent(event('invoice.finalized', invoice()), on)).toBeNull();
    expect(emailForEvent(event('invoice.sent', sendInvoice), on)).toBeNull();
    const later = emailForEvent(event('invoice.sent', sendInvoice, { created: 1_767_225_600 + 86_400 }), on)!;
    expect(later.text).toContain('due January 31, 2026');
    expect(later.text).toContain('View and pay invoice: http://recur.test/invoices/in_1');
  });

  it('names the amount of this refund, not every refund so far', () => {
    const charge = { object: 'charge', id: 'ch_1', currency: 'usd', amount: 5000, amount_refunded: 3000, receipt_email: null, billing_details: { email: null } };
    // 3000 refunded in all − 1000 before = 2000 now
    const d = emailForEvent(event('charge.refunded', charge, { data: { object: charge, previous_attributes: { amount_refunded: 1000 } } }), on)!;
    expect(d.subject).toBe('Acme <Yoga> refunded $20.00');
    expect(d.text).toContain('Total refunded:  $30.00');
  });
});

describe('account notices', () => {
  it("sends a disabled webhook endpoint's notice to the owner, not the customer, and nothing without an owner", () => {
    const disabled = event('recur.webhook_endpoint.disabled', { object: 'webhook_endpoint', id: 'we_1', url: 'https://hooks.test/x', status: 'disabled' });
    const d = emailForEvent(disabled, on)!;
    expect(d).toMatchObject({ message: 'webhook_endpoint_disabled', to: 'owner@acme.test', subject: '[Acme <Yoga>] Webhook endpoint disabled: https://hooks.test/x' });
    expect(d.text).toContain('disabled it on January 1, 2026');
    expect(emailForEvent(disabled, { ...on, ownerEmail: null })).toBeNull();
  });
});

describe('afterSendAttempt', () => {
  it('retries after each delay, then fails', () => {
    const now = 1000;
    expect(afterSendAttempt({ attempt_count: 0 }, { ok: false, error: '451' }, now, [60, 300])).toMatchObject({ status: 'pending', attempt_count: 1, next_attempt_at: 1060 });
    expect(afterSendAttempt({ attempt_count: 1 }, { ok: false, error: '451' }, now, [60, 300])).toMatchObject({ status: 'pending', attempt_count: 2, next_attempt_at: 1300 });
    expect(afterSendAttempt({ attempt_count: 2 }, { ok: false, error: '451' }, now, [60, 300])).toMatchObject({ status: 'failed', attempt_count: 3, next_attempt_at: null });
    expect(afterSendAttempt({ attempt_count: 2 }, { ok: true, messageId: '<m@x>' }, now, [60, 300])).toMatchObject({ status: 'sent', sent_at: 1000, smtp_message_id: '<m@x>' });
  });
});
