// Credit grants through the official client (seed 001, expiring credits): grants are applied to
// metered lines at finalization by priority then earliest expiry, what is left at expiry is debited
// as credits_expired (once, at that instant), and each application is a balance transaction.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { DAY, FEB_1, JAN_1 } from '../support/calendar.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';
import { recordExpiryOnce } from '../../src/services/credit-grants/credit-grant-store.ts';

const r = recurForFile();

const metered = { type: 'applicability_scope' as const, applicability_scope: { price_type: 'metered' as const } };

describe('credit grants', () => {
  it('creates, retrieves, updates, lists, expires and voids', async () => {
    const c = await r.stripe.customers.create({ name: 'Grants' });
    const g = await r.stripe.billing.creditGrants.create({
      customer: c.id,
      amount: { type: 'monetary', monetary: { currency: 'usd', value: 1000 } },
      applicability_config: { scope: { price_type: 'metered' } },
      category: 'promotional',
      name: 'Welcome credit',
    });
    expect(g).toMatchObject({
      object: 'billing.credit_grant',
      amount: { type: 'monetary', monetary: { currency: 'usd', value: 1000 } },
      applicability_config: { scope: { price_type: 'metered' } },
      category: 'promotional',
      customer: c.id,
      effective_at: r.clock.now(),
      expires_at: null,
      priority: 50,
      voided_at: null,
    });
    expect(g.id).toMatch(/^credgr_/);
    expect(await r.stripe.billing.creditGrants.retrieve(g.id)).toEqual(g);
    const later = await r.stripe.billing.creditGrants.update(g.id, { expires_at: r.clock.now() + 30 * DAY, metadata: { campaign: 'spring' } });
    expect([later.expires_at, later.metadata]).toEqual([r.clock.now() + 30 * DAY, { campaign: 'spring' }]);
    const other = await r.stripe.billing.creditGrants.create({ customer: c.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 250 } }, applicability_config: { scope: { price_type: 'metered' } } });
    expect((await r.stripe.billing.creditGrants.list({ customer: c.id })).data.map((x) => x.id)).toEqual([other.id, g.id]);
    let balance = await r.stripe.billing.creditBalanceSummaries.retrieve({ customer: c.id, filter: metered });
    expect(balance.balances).toEqual([{ available_balance: { type: 'monetary', monetary: { currency: 'usd', value: 1250 } }, ledger_balance: { type: 'monetary', monetary: { currency: 'usd', value: 1250 } } }]);
    const voided = await r.stripe.billing.creditGrants.voidGrant(other.id);
    expect(voided.voided_at).toBe(r.clock.now());
    await expectStripeError(r.stripe.billing.creditGrants.voidGrant(other.id), { status: 400 });
    const expired = await r.stripe.billing.creditGrants.expire(g.id);
    expect(expired.expires_at).toBe(r.clock.now());
    balance = await r.stripe.billing.creditBalanceSummaries.retrieve({ customer: c.id, filter: metered });
    expect(balance.balances).toEqual([]);
    const txns = await r.stripe.billing.creditBalanceTransactions.list({ customer: c.id });
    expect(txns.data.map((t) => [t.type, t.credit?.type ?? t.debit?.type, (t.credit ?? t.debit)!.amount.monetary!.value])).toEqual([
      ['debit', 'credits_expired', 1000], // expired now: all of it was left
      ['debit', 'credits_voided', 250],
      ['credit', 'credits_granted', 250],
      ['credit', 'credits_granted', 1000],
    ]);

    expect(txns.data[0]).toMatchObject({ credit_grant: g.id, effective_at: r.clock.now(), debit: { credits_applied: null } });
    await expectStripeError(r.stripe.billing.creditGrants.update(g.id, { expires_at: r.clock.now() + DAY }), { status: 400 }); // expired for good

    await expectStripeError(
      r.stripe.billing.creditGrants.create({ customer: 'cus_nope', amount: { type: 'monetary', monetary: { currency: 'usd', value: 1 } }, applicability_config: { scope: { price_type: 'metered' } } }),
      { status: 400, param: 'customer' },
    );
    await expectStripeError(
      r.stripe.billing.creditGrants.create({ customer: c.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 0 } }, applicability_config: { scope: { price_type: 'metered' } } }),
      { status: 400, param: 'amount[monetary][value]' },
    );
    await expectStripeError(
      r.stripe.billing.creditGrants.create({ customer: c.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 5 } }, applicability_config: { scope: { prices: [{ id: 'price_nope' }] } } }),
      { status: 400, param: 'applicability_config[scope][prices][0][id]' },
    );
  });

  it('seed 001: expiring credits pay metered usage by priority, then earliest expiry; expired credit is gone', async () => {
    const sms = await r.stripe.billing.meters.create({ display_name: 'SMS', event_name: 'credit_sms', default_aggregation: { formula: 'count' } });
    const seat = await r.stripe.prices.create({ currency: 'usd', unit_amount: 3500, product_data: { name: 'Seat' }, recurring: { interval: 'month' } });
    const smsPrice = await r.stripe.prices.create({ currency: 'usd', unit_amount: 5, product_data: { name: 'SMS' }, recurring: { interval: 'month', usage_type: 'metered', meter: sms.id } });
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: seat.id }, { price: smsPrice.id }] });
    const grant = (value: number, o: Partial<Stripe.Billing.CreditGrantCreateParams>) =>
      r.stripe.billing.creditGrants.create({ customer: customer.id, amount: { type: 'monetary', monetary: { currency: 'usd', value } }, applicability_config: { scope: { price_type: 'metered' } }, ...o });
    const gone = await grant(500, { category: 'promotional', expires_at: JAN_1 + 19 * DAY, priority: 0 }); // expires before the invoice
    const paid = await grant(1000, { category: 'paid' }); // priority 50, no expiry
    const soon = await grant(400, { category: 'promotional', expires_at: FEB_1 + 10 * DAY }); // priority 50, expires first
    const first = await grant(300, { category: 'promotional', priority: 10 });
    const seatOnly = await r.stripe.billing.creditGrants.create({ customer: customer.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 100 } }, applicability_config: { scope: { prices: [{ id: seat.id }] } } });

    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 20 * DAY });
    const session = await r.stripe.v2.billing.meterEventSession.create();
    const stream = new Stripe(session.authentication_token, { host: '127.0.0.1', port: r.port, protocol: 'http', maxNetworkRetries: 0 });
    await stream.v2.billing.meterEventStream.create({
      events: Array.from({ length: 400 }, (_, i) => ({ event_name: 'credit_sms', identifier: `credit-sms-${i}`, timestamp: new Date((JAN_1 + 15 * DAY + i) * 1000).toISOString(), payload: { stripe_customer_id: customer.id } })),
    });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + 2 * 3600 });
    const inv = (await r.stripe.invoices.list({ customer: customer.id, limit: 1 })).data[0];
    const smsLine = inv.lines.data.find((l) => l.pricing?.price_details?.price === smsPrice.id)!;
    const seatLine = inv.lines.data.find((l) => l.pricing?.price_details?.price === seat.id)!;
    expect(smsLine.amount).toBe(2000); // 400 × 5¢
    // 2,000 owed: 300 (priority 10) + 400 (priority 50, expires Feb 11) + 1,000 (priority 50, no expiry); 300 left to pay.
    expect(smsLine.pretax_credit_amounts!.map((c) => c.amount)).toEqual([300, 400, 1000]);
    expect(seatLine.pretax_credit_amounts!.map((c) => c.amount)).toEqual([100]); // the grant that names the seat's price
    expect(inv.total).toBe(3700); // 3500 − 100 + 2000 − 1700
    expect(inv.status).toBe('paid');
    expect(inv.amount_paid).toBe(3700);

    const summary = await r.stripe.billing.creditBalanceSummaries.retrieve({ customer: customer.id, filter: metered });
    expect(summary.balances).toEqual([]); // spent, and the expired grant counts for nothing
    const applied = await r.stripe.billing.creditBalanceTransactions.list({ customer: customer.id, limit: 100 });
    const debits = applied.data.filter((t) => t.debit?.type === 'credits_applied');
    expect(debits.map((t) => [t.credit_grant, t.debit!.amount.monetary!.value, t.debit!.credits_applied!.invoice])).toEqual([
      // Newest first: the seat line was credited first, then the SMS line in grant order.
      [paid.id, 1000, inv.id],
      [soon.id, 400, inv.id],
      [first.id, 300, inv.id],
      [seatOnly.id, 100, inv.id],
    ]);
    expect(debits.some((t) => t.credit_grant === gone.id)).toBe(false);
    // The grant that expired before the invoice gave nothing: all of it expired on Jan 20.
    expect(applied.data.filter((t) => t.debit?.type === 'credits_expired').map((t) => [t.credit_grant, t.debit!.amount.monetary!.value, t.effective_at])).toEqual([[gone.id, 500, JAN_1 + 19 * DAY]]);
  });

  it('expires what is left at expires_at as the test clock passes it, once', async () => {
    const meter = await r.stripe.billing.meters.create({ display_name: 'Reports', event_name: 'credit_reports', default_aggregation: { formula: 'sum' } });
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 500, product_data: { name: 'Reports' }, recurring: { interval: 'week', usage_type: 'metered', meter: meter.id } });
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const g = await r.stripe.billing.creditGrants.create({ customer: customer.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 5000 } }, applicability_config: { scope: { price_type: 'metered' } }, expires_at: JAN_1 + 10 * DAY });
    const advance = (t: number) => r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: t });
    await advance(JAN_1 + 3 * DAY);
    await r.stripe.billing.meterEvents.create({ event_name: 'credit_reports', payload: { stripe_customer_id: customer.id, value: '4' }, timestamp: JAN_1 + 2 * DAY });
    await advance(JAN_1 + 7 * DAY + 2 * 3600); // the first week is invoiced and finalized
    const inv = (await r.stripe.invoices.list({ customer: customer.id, limit: 1 })).data[0];
    expect([inv.subtotal, inv.total, inv.status]).toEqual([2000, 0, 'paid']); // 4 × $5, all paid by credit
    const available = async () => (await r.stripe.billing.creditBalanceSummaries.retrieve({ customer: customer.id, filter: metered })).balances.map((b) => b.available_balance.monetary!.value);
    expect(await available()).toEqual([3000]); // $50 − $20

    await advance(JAN_1 + 11 * DAY);
    const expiries = async () => (await r.stripe.billing.creditBalanceTransactions.list({ credit_grant: g.id, limit: 100 })).data.filter((t) => t.debit?.type === 'credits_expired');
    const [expired, ...more] = await expiries();
    expect(more).toEqual([]);
    expect(expired).toMatchObject({
      type: 'debit',
      credit: null,
      debit: { type: 'credits_expired', amount: { type: 'monetary', monetary: { currency: 'usd', value: 3000 } }, credits_applied: null },
      created: JAN_1 + 10 * DAY, // at the expiry instant, not when the clock stopped
      effective_at: JAN_1 + 10 * DAY,
      test_clock: clock.id,
    });
    expect(await available()).toEqual([]); // nothing available
    const events = await r.stripe.events.list({ type: 'billing.credit_balance_transaction.created', limit: 100 });
    expect(events.data.filter((e) => (e.data.object as { id: string }).id === expired.id).length).toBe(1);

    await advance(JAN_1 + 12 * DAY);
    expect((await expiries()).map((t) => t.id)).toEqual([expired.id]);
    // The database's key refuses a second expiry of the grant, whoever tries.
    const again = await recordExpiryOnce(r.context(), await r.stripe.billing.creditGrants.retrieve(g.id), 3000, JAN_1 + 10 * DAY, JAN_1 + 12 * DAY);
    expect(again).toBeNull();
    expect((await expiries()).length).toBe(1);
  });

  it('gives credit back when an invoice that used it is voided', async () => {
    const meter = await r.stripe.billing.meters.create({ display_name: 'Docs', event_name: 'credit_docs', default_aggregation: { formula: 'sum' } });
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 100, product_data: { name: 'Docs' }, recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
    const c = await r.stripe.customers.create({ name: 'Void me' });
    const g = await r.stripe.billing.creditGrants.create({ customer: c.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 250 } }, applicability_config: { scope: { price_type: 'metered' } } });
    const sub = await r.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 30 });
    await r.stripe.billing.meterEvents.create({ event_name: 'credit_docs', payload: { stripe_customer_id: c.id, value: '4' } });
    r.clock.advance(60);
    const ended = await r.stripe.subscriptions.cancel(sub.id, { invoice_now: true });
    let inv = await r.stripe.invoices.retrieve(ended.latest_invoice as string);
    if (inv.status === 'draft') inv = await r.stripe.invoices.finalizeInvoice(inv.id);
    expect([inv.subtotal, inv.total]).toEqual([400, 150]); // 4 × $1, less 250 of credit
    const balance = () => r.stripe.billing.creditBalanceSummaries.retrieve({ customer: c.id, filter: { type: 'credit_grant', credit_grant: g.id } });
    expect((await balance()).balances).toEqual([]);
    await r.stripe.invoices.voidInvoice(inv.id);
    expect((await balance()).balances[0].available_balance.monetary!.value).toBe(250);
    const [back] = (await r.stripe.billing.creditBalanceTransactions.list({ credit_grant: g.id })).data;
    expect(back.credit).toMatchObject({ type: 'credits_application_invoice_voided', amount: { monetary: { value: 250 } }, credits_application_invoice_voided: { invoice: inv.id } });
  });
});
