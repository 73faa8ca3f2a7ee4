// Payments: the three-phase attempt protocol on intents (a Charge per attempt, declines as
// outcomes), the test processor's ledger (one charge per key), faults between the phases and the
// engine finishing stuck attempts without charging twice; intents and charges through the client.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { eventTypesOfCustomer } from '../support/events.ts';
import type { ServiceContext } from '../../src/core/context.ts';
import { beginChargeAttempts } from '../../src/payments/attempt-protocol.ts';
import { gatewayOf, type PaymentGateway } from '../../src/payments/payment-gateway.ts';
import type { TestCardProcessor } from '../../src/payments/test-card-processor.ts';
import { newPaymentIntent } from '../../src/payments/payment-objects.ts';
import { loadPaymentIntent } from '../../src/payments/payment-records-store.ts';
import { transitionPaymentIntent } from '../../src/payments/payment-intent-transitions.ts';
import { resolvePaymentMethod } from '../../src/services/payment-methods/attach-payment-method.ts';
import { completeInvoicePaymentAttempts } from '../../src/services/invoices/finish-invoice-payment.ts';
import { beginInvoicePaymentAttempts } from '../../src/services/invoices/attempt-invoice-payment.ts';
import { loadInvoiceForUpdate } from '../../src/services/invoices/invoice-store.ts';
import { finishStuckPaymentAttempts } from '../../src/services/payment-intents/finish-stuck-payment-attempts.ts';

const r = recurForFile();

const NOW = 1_767_225_600;

interface CollectInput {
  customerId: string;
  paymentMethodId: string;
  amount?: number;
  currency?: string;
  description?: string | null;
  metadata?: Record<string, string>;
  at?: number;
  /** Re-attempt this intent instead of creating one. */
  paymentIntentId?: string;
}

/** One attempt through the three phases, as the services run it: commit, call out, record. */
async function collect(input: CollectInput, with_: Partial<ServiceContext> = {}) {
  const ctx: ServiceContext = { ...r.context(), requestId: 'req_test', ...with_ };
  const at = input.at ?? NOW;
  const attempts = await r.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const pm = await resolvePaymentMethod(tx, input.paymentMethodId, input.customerId, 'payment_method', { at });
    const named = input.paymentIntentId ? await loadPaymentIntent(db, input.paymentIntentId, { forUpdate: true }) : null;
    const pi = named
      ? { ...transitionPaymentIntent(named, 'requires_confirmation'), amount: input.amount ?? named.amount }
      : newPaymentIntent(tx, {
          amount: input.amount ?? 2000,
          currency: input.currency ?? 'usd',
          customerId: input.customerId,
          description: input.description === undefined ? 'Invoice' : input.description,
          metadata: input.metadata,
          paymentMethodId: null,
          created: at,
        });
    return beginChargeAttempts(tx, [{ paymentIntent: pi, isNew: !named, paymentMethod: pm, invoiceId: null, at }]);
  });
  const [finished] = await completeInvoicePaymentAttempts(ctx, attempts);
  return finished.outcome!;
}

const eventTypes = (customerId: string) => eventTypesOfCustomer(r, customerId);

/** A customer whose payment method (a raw test number) is attached, even for cards Stripe declines at attach. */
async function customerWithCard(number: string): Promise<{ customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
  const customer = await r.stripe.customers.create({ email: `${number}@example.com` });
  const pm = await r.stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2030 } });
  // The card started declining after it was saved: attach it behind the API's back.
  const data = { ...pm, customer: customer.id };
  await r.db.query('UPDATE payment_methods SET data = $1 WHERE id = $2', [JSON.stringify(data), pm.id]);
  return { customer, pm: data };
}

describe('a payment attempt in three phases', () => {
  it('charges a good card: a succeeded PaymentIntent and Charge, with events', async () => {
    const c = await r.stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const pmId = c.invoice_settings.default_payment_method as string;
    const res = await collect({ customerId: c.id, paymentMethodId: pmId, metadata: { invoice: 'in_1' } });
    expect(res.succeeded).toBe(true);
    expect(res.error).toBeNull();
    expect(res.paymentIntent).toMatchObject({
      object: 'payment_intent',
      amount: 2000,
      amount_received: 2000,
      currency: 'usd',
      customer: c.id,
      status: 'succeeded',
      payment_method: pmId,
      latest_charge: res.charge.id,
      last_payment_error: null,
      created: NOW,
      metadata: { invoice: 'in_1' },
      description: 'Invoice',
      livemode: false,
    });
    expect(res.paymentIntent.id).toMatch(/^pi_/);
    expect(res.paymentIntent.client_secret).toMatch(new RegExp(`^${res.paymentIntent.id}_secret_`));
    expect(res.charge).toMatchObject({
      object: 'charge',
      amount: 2000,
      amount_captured: 2000,
      amount_refunded: 0,
      captured: true,
      paid: true,
      refunded: false,
      status: 'succeeded',
      customer: c.id,
      payment_intent: res.paymentIntent.id,
      payment_method: pmId,
      failure_code: null,
      failure_message: null,
      outcome: { type: 'authorized', network_status: 'approved_by_network', seller_message: 'Payment complete.' },
      payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242', network: 'visa', amount_authorized: 2000 } },
      receipt_url: null,
    });
    expect(res.charge.id).toMatch(/^ch_/);
    expect(await eventTypes(c.id)).toEqual([
      'payment_method.attached',
      'customer.created',
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);

    expect(await r.stripe.paymentIntents.retrieve(res.paymentIntent.id)).toEqual(res.paymentIntent);
    expect(await r.stripe.charges.retrieve(res.charge.id)).toEqual(res.charge);
    const expanded = await r.stripe.paymentIntents.retrieve(res.paymentIntent.id, { expand: ['latest_charge', 'payment_method'] });
    expect((expanded.latest_charge as Stripe.Charge).status).toBe('succeeded');
    expect((expanded.payment_method as Stripe.PaymentMethod).card!.last4).toBe('4242');
  });

  it('materializes and attaches a test id given as the payment method', async () => {
    const c = await r.stripe.customers.create({});
    const res = await collect({ customerId: c.id, paymentMethodId: 'pm_card_mastercard', amount: 500, currency: 'jpy' });
    expect(res.succeeded).toBe(true);
    expect(res.paymentIntent.currency).toBe('jpy');
    const pms = await r.stripe.customers.listPaymentMethods(c.id);
    expect(pms.data.map((p) => p.id)).toEqual([res.paymentIntent.payment_method]);
  });

  const declines: Array<[string, string, string | undefined, string]> = [
    ['4000000000000341', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['4000000000000002', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['4000000000009995', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['4000000000000069', 'expired_card', 'expired_card', 'Your card has expired.'],
    ['4000000000000127', 'incorrect_cvc', 'incorrect_cvc', "Your card's security code is incorrect."],
    ['4000000000000119', 'processing_error', 'processing_error', 'An error occurred while processing your card. Try again in a little bit.'],
    ['4100000000000019', 'card_declined', 'fraudulent', 'Your card was declined.'],
  ];
  for (const [number, code, decline_code, message] of declines) {
    it(`records a failed attempt for ${number}: ${decline_code ?? code}`, async () => {
      const { customer, pm } = await customerWithCard(number);
      const res = await collect({ customerId: customer.id, paymentMethodId: pm.id });
      expect(res.succeeded).toBe(false);
      expect(res.error).toEqual({ code, decline_code, message });
      expect(res.paymentIntent.status).toBe('requires_payment_method');
      expect(res.paymentIntent.amount_received).toBe(0);
      expect(res.paymentIntent.payment_method).toBeNull();
      expect(res.paymentIntent.latest_charge).toBe(res.charge.id);
      expect(res.paymentIntent.last_payment_error).toMatchObject({
        type: 'card_error',
        code,
        decline_code,
        message,
        charge: res.charge.id,
        payment_method_type: 'card',
      });
      expect(res.paymentIntent.last_payment_error!.payment_method!.id).toBe(pm.id);
      expect(res.charge).toMatchObject({
        status: 'failed',
        paid: false,
        captured: false,
        amount_captured: 0,
        failure_code: code,
        failure_message: message,
        outcome: { type: 'issuer_declined', network_status: 'declined_by_network', reason: decline_code },
        payment_method_details: { card: { last4: number.slice(-4), amount_authorized: null } },
      });
      expect(await eventTypes(customer.id)).toEqual(['customer.created', 'payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
      expect(await r.stripe.charges.retrieve(res.charge.id)).toEqual(res.charge);
    });
  }

  it('re-attempts a named intent, with a new charge per attempt', async () => {
    const { customer, pm } = await customerWithCard('4000000000009995');
    const first = await collect({ customerId: customer.id, paymentMethodId: pm.id });
    expect(first.succeeded).toBe(false);
    const good = await r.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const again = await collect({ customerId: customer.id, paymentMethodId: good.id, paymentIntentId: first.paymentIntent.id, amount: 1500, at: NOW + 86400 });
    expect(again.paymentIntent.id).toBe(first.paymentIntent.id);
    expect(again.succeeded).toBe(true);
    expect(again.paymentIntent).toMatchObject({ status: 'succeeded', amount: 1500, amount_received: 1500, last_payment_error: null, created: NOW });
    expect(again.charge.created).toBe(NOW + 86400);
    const charges = await r.stripe.charges.list({ payment_intent: first.paymentIntent.id });
    expect(charges.data.map((ch) => ch.status)).toEqual(['succeeded', 'failed']);
    // Naming a succeeded intent is refused.
    await expect(collect({ customerId: customer.id, paymentMethodId: good.id, paymentIntentId: first.paymentIntent.id })).rejects.toMatchObject({
      kind: 'invalid',
      body: { code: 'payment_intent_unexpected_state' },
    });
  });

  it('refuses bad input and writes nothing', async () => {
    const c = await r.stripe.customers.create({ payment_method: 'pm_card_visa' });
    const other = await r.stripe.customers.create({ payment_method: 'pm_card_visa' });
    const othersPm = (await r.stripe.customers.listPaymentMethods(other.id)).data[0];
    const before = (await r.db.query('SELECT count(*)::int AS n FROM payment_intents'))[0].n;
    await expect(collect({ customerId: c.id, paymentMethodId: 'pm_missing' })).rejects.toMatchObject({
      kind: 'invalid',
      body: { code: 'resource_missing', param: 'payment_method' },
    });
    await expect(collect({ customerId: c.id, paymentMethodId: othersPm.id })).rejects.toMatchObject({ kind: 'invalid', body: { param: 'payment_method' } });
    await expect(collect({ customerId: c.id, paymentMethodId: 'pm_card_chargeDeclined' })).rejects.toMatchObject({ kind: 'card_declined' });
    await expect(collect({ customerId: c.id, paymentMethodId: 'pm_card_visa', paymentIntentId: 'pi_missing' })).rejects.toMatchObject({ kind: 'not_found' });
    expect((await r.db.query('SELECT count(*)::int AS n FROM payment_intents'))[0].n).toBe(before);
  });

  it('uses the gateway the context was composed with, under a key derived from the attempt', async () => {
    const seen: string[] = [];
    const gateway: PaymentGateway = {
      async charge(req) {
        seen.push(`${req.amount} ${req.currency} ${req.paymentMethod.card!.last4} ${req.idempotencyKey}`);
        return { status: 'failed', code: 'card_declined', decline_code: 'do_not_honor', message: 'Declined by the bank.' };
      },
    };
    expect(gatewayOf({ gateway })).toBe(gateway);
    expect(gatewayOf(r.context())).toBe(r.recur.context.gateway);
    const c = await r.stripe.customers.create({ payment_method: 'pm_card_visa' });
    const pm = (await r.stripe.customers.listPaymentMethods(c.id)).data[0];
    const res = await collect({ customerId: c.id, paymentMethodId: pm.id, amount: 700, currency: 'eur' }, { gateway });
    expect(res.error).toEqual({ code: 'card_declined', decline_code: 'do_not_honor', message: 'Declined by the bank.' });
    const attempt = (await r.db.query('SELECT id, gateway_key, status, charge_id FROM payment_attempts WHERE payment_intent_id = $1', [res.paymentIntent.id]))[0];
    expect(attempt).toMatchObject({ gateway_key: `recur:${attempt.id}`, status: 'failed', charge_id: res.charge.id });
    expect(attempt.id).toMatch(/^payatt_/);
    expect(seen).toEqual([`700 eur 4242 recur:${attempt.id}`]);
    // Without verify, a gateway lets every card attach.
    const declining = await r.db.transaction((db) => resolvePaymentMethod({ ...r.context(db), gateway }, 'pm_card_chargeDeclined', c.id, 'payment_method'));
    expect(declining.customer).toBe(c.id);
  });
});

describe('payment intents and charges through the official client', () => {
  it('lists intents and charges by customer, intent, created and cursors', async () => {
    const c = await r.stripe.customers.create({ payment_method: 'pm_card_visa' });
    const pm = (await r.stripe.customers.listPaymentMethods(c.id)).data[0];
    const made = [0, 1, 2].map((i) => ({
      customerId: c.id, paymentMethodId: pm.id, amount: 100 + i, currency: 'usd', description: null, at: NOW + i * 100,
    }));
    const results = [];
    for (const m of made) results.push(await collect(m));
    const pis = await r.stripe.paymentIntents.list({ customer: c.id });
    expect(pis.object).toBe('list');
    expect(pis.data.map((p) => p.amount)).toEqual([102, 101, 100]);
    const page = await r.stripe.paymentIntents.list({ customer: c.id, limit: 1, starting_after: pis.data[0].id });
    expect(page.data.map((p) => p.amount)).toEqual([101]);
    expect(page.has_more).toBe(true);
    const ranged = await r.stripe.paymentIntents.list({ customer: c.id, created: { gte: NOW + 100 } });
    expect(ranged.data.map((p) => p.amount)).toEqual([102, 101]);
    const charges = await r.stripe.charges.list({ customer: c.id, limit: 2 });
    expect(charges.data.map((ch) => ch.amount)).toEqual([102, 101]);
    expect(charges.has_more).toBe(true);
    const byIntent = await r.stripe.charges.list({ payment_intent: results[0].paymentIntent.id });
    expect(byIntent.data.map((ch) => ch.id)).toEqual([results[0].charge!.id]);
    const all: string[] = [];
    for await (const ch of r.stripe.charges.list({ customer: c.id, limit: 1 })) all.push(ch.id);
    expect(all).toHaveLength(3);

    await expectStripeError(r.stripe.paymentIntents.retrieve('pi_missing'), { status: 404, code: 'resource_missing' });
    await expectStripeError(r.stripe.charges.retrieve('ch_missing'), { status: 404, code: 'resource_missing' });
    await expectStripeError(r.stripe.charges.list({ starting_after: 'ch_missing' }), { status: 404, param: 'starting_after' });
    await expectStripeError(r.stripe.paymentIntents.list({ limit: 0 }), { status: 400, param: 'limit' });
    await expectStripeError(r.stripe.charges.list({ created: { gte: 'soon' as any } }), { status: 400 });
    await expectStripeError(r.stripe.charges.list({ planet: 'mars' } as any), { status: 400, param: 'planet', code: 'parameter_unknown' });
  });

  it('creates and confirms intents; a decline is saved and answered with 402', async () => {
    const c = await r.stripe.customers.create({ payment_method: 'pm_card_chargeCustomerFail' });
    const failing = (await r.stripe.customers.listPaymentMethods(c.id)).data[0];
    const ok = await r.stripe.paymentIntents.create({ amount: 1234, currency: 'usd', customer: c.id, payment_method: 'pm_card_visa', confirm: true });
    expect(ok).toMatchObject({ status: 'succeeded', amount_received: 1234, customer: c.id });
    expect(ok.payment_method).toMatch(/^pm_/);
    // A one-off payment method is not attached to the customer, unless it is set up for future use.
    expect((await r.stripe.paymentMethods.retrieve(ok.payment_method as string)).customer).toBeNull();
    const saving = await r.stripe.paymentIntents.create({
      amount: 100, currency: 'usd', customer: c.id, payment_method: 'pm_card_mastercard', confirm: true, setup_future_usage: 'off_session',
    });
    expect(saving.setup_future_usage).toBe('off_session');
    expect((await r.stripe.paymentMethods.retrieve(saving.payment_method as string)).customer).toBe(c.id);

    const e = await expectStripeError(
      r.stripe.paymentIntents.create({ amount: 999, currency: 'usd', customer: c.id, payment_method: failing.id, confirm: true }),
      { status: 402, type: 'card_error', code: 'card_declined' },
    );
    expect(e.decline_code).toBe('generic_decline');
    const piId = e.raw.payment_intent.id as string;
    const saved = await r.stripe.paymentIntents.retrieve(piId);
    expect(saved.status).toBe('requires_payment_method');
    expect(saved.last_payment_error?.code).toBe('card_declined');
    const confirmed = await r.stripe.paymentIntents.confirm(piId, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    expect((await r.stripe.charges.list({ payment_intent: piId })).data).toHaveLength(2);
    await expectStripeError(r.stripe.paymentIntents.confirm(piId), { status: 400, code: 'payment_intent_unexpected_state' });

    const pending = await r.stripe.paymentIntents.create({ amount: 50, currency: 'usd' });
    expect(pending.status).toBe('requires_payment_method');
    await expectStripeError(r.stripe.paymentIntents.confirm(pending.id), { status: 400, param: 'payment_method' });
    const pi2 = await r.stripe.paymentIntents.create({
      amount: 50,
      currency: 'usd',
      payment_method: 'pm_card_amex',
      allowed_payment_method_types: ['card'],
      receipt_email: 'r@example.com',
      metadata: { order: '7' },
    });
    expect(pi2).toMatchObject({ status: 'requires_confirmation', receipt_email: 'r@example.com', metadata: { order: '7' } });
    expect((await r.stripe.paymentIntents.confirm(pi2.id)).status).toBe('succeeded');

    await expectStripeError(r.stripe.paymentIntents.create({ amount: 0, currency: 'usd' }), { status: 400, param: 'amount' });
    await expectStripeError(r.stripe.paymentIntents.create({ amount: 100, currency: 'zzz' }), { status: 400, param: 'currency' });
    await expectStripeError(r.stripe.paymentIntents.create({ currency: 'usd' } as any), { status: 400, param: 'amount', code: 'parameter_missing' });
    await expectStripeError(r.stripe.paymentIntents.create({ amount: 100, currency: 'usd', confirm: true }), { status: 400, param: 'payment_method' });
    await expectStripeError(r.stripe.paymentIntents.create({ amount: 100, currency: 'usd', customer: 'cus_missing' }), { status: 404, param: 'customer' });
  });
});

describe('money moves once when the gateway or the process fails between phases', () => {
  const processor = () => r.recur.context.gateway as TestCardProcessor;
  const finishStuck = () => finishStuckPaymentAttempts(r.context(), { olderThan: 0 });

  /** An open invoice of 1500 for a customer paying with pm_card_visa by default. */
  async function openInvoice(): Promise<{ customer: Stripe.Customer; invoice: Stripe.Invoice }> {
    const customer = await r.stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const draft = await r.stripe.invoices.create({ customer: customer.id, auto_advance: false });
    await r.stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 1500, currency: 'usd' });
    const invoice = await r.stripe.invoices.finalizeInvoice(draft.id, { auto_advance: false });
    expect([invoice.status, invoice.amount_due]).toEqual(['open', 1500]);
    return { customer, invoice };
  }

  const attemptsOf = (invoiceId: string) =>
    r.db.query('SELECT id, gateway_key, status FROM payment_attempts WHERE invoice_id = $1 ORDER BY seq', [invoiceId]);
  const chargesOf = async (customerId: string) => (await r.stripe.charges.list({ customer: customerId })).data;
  const ledgerCharges = async (invoiceId: string) =>
    Number(
      (
        await r.db.query(
          'SELECT count(*) AS n FROM test_processor_ledger l JOIN payment_attempts a ON a.gateway_key = l.idempotency_key WHERE a.invoice_id = $1',
          [invoiceId],
        )
      )[0].n,
    );

  it('keeps a ledger of real charges by key in its own table', async () => {
    const before = await processor().ledger.count();
    const { customer, invoice } = await openInvoice();
    const paid = await r.stripe.invoices.pay(invoice.id);
    expect([paid.status, paid.amount_paid]).toEqual(['paid', 1500]);
    expect(await processor().ledger.count()).toBe(before + 1);
    const [attempt] = await attemptsOf(invoice.id);
    expect(attempt).toMatchObject({ status: 'succeeded', gateway_key: `recur:${attempt.id}` });
    const [entry] = await r.db.query('SELECT amount, currency, status FROM test_processor_ledger WHERE idempotency_key = $1', [attempt.gateway_key]);
    expect(entry).toEqual({ amount: 1500, currency: 'usd', status: 'succeeded' });
    expect((await chargesOf(customer.id)).map((c) => [c.amount, c.status])).toEqual([[1500, 'succeeded']]);
  });

  it('a timeout before the charge leaves the attempt processing; the engine charges it once under the same key', async () => {
    const { customer, invoice } = await openInvoice();
    processor().inject('timeout_before_charge');
    const answered = await r.stripe.invoices.pay(invoice.id);
    expect([answered.status, answered.attempt_count]).toEqual(['open', 1]);
    const [attempt] = await attemptsOf(invoice.id);
    expect(attempt.status).toBe('processing');
    const pi = (await r.stripe.paymentIntents.list({ customer: customer.id })).data[0];
    expect(pi.status).toBe('processing');
    expect(await ledgerCharges(invoice.id)).toBe(0);
    // Paying again while the attempt is in flight is refused, not charged.
    await expectStripeError(r.stripe.invoices.pay(invoice.id), { status: 400 });

    expect(await finishStuck()).toBeGreaterThanOrEqual(1);
    const after = await r.stripe.invoices.retrieve(invoice.id);
    expect([after.status, after.amount_paid, after.attempt_count]).toEqual(['paid', 1500, 1]);
    expect((await attemptsOf(invoice.id)).map((a) => [a.id, a.status])).toEqual([[attempt.id, 'succeeded']]);
    expect(await ledgerCharges(invoice.id)).toBe(1);
    expect((await chargesOf(customer.id)).map((c) => c.status)).toEqual(['succeeded']);
    expect(await finishStuck()).toBe(0);
  });

  it('a failure after the charge is answered from the ledger, never charged twice', async () => {
    for (const fault of ['timeout_after_charge', 'fail_after_charge'] as const) {
      const { customer, invoice } = await openInvoice();
      processor().inject(fault);
      const answered = await r.stripe.invoices.pay(invoice.id);
      expect(answered.status).toBe('open');
      expect(await ledgerCharges(invoice.id)).toBe(1); // the money moved; Recur does not know yet
      expect(await chargesOf(customer.id)).toEqual([]);
      await finishStuck();
      expect((await r.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
      expect(await ledgerCharges(invoice.id)).toBe(1);
      expect((await chargesOf(customer.id)).map((c) => [c.amount, c.status])).toEqual([[1500, 'succeeded']]);
      const events = await r.db.query(`SELECT type FROM events WHERE type = 'invoice.paid' AND data->'data'->'object'->>'id' = $1`, [invoice.id]);
      expect(events).toHaveLength(1);
    }
  });

  it('stopped between phases: the engine finishes the attempt, the stopped request then finds it done', async () => {
    const { customer, invoice } = await openInvoice();
    const pause = processor().pause('after_charge');
    const request = r.stripe.invoices.pay(invoice.id);
    const key = await pause.reached;
    // Charged, the outcome not recorded: the engine takes the attempt over and asks under its key.
    expect(await finishStuck()).toBe(1);
    expect((await r.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    pause.release();
    const answered = await request;
    expect([answered.status, answered.amount_paid]).toEqual(['paid', 1500]);
    const attempts = await attemptsOf(invoice.id);
    expect(attempts.map((a) => [a.gateway_key, a.status])).toEqual([[key, 'succeeded']]);
    expect(await ledgerCharges(invoice.id)).toBe(1);
    expect(await chargesOf(customer.id)).toHaveLength(1);
  });

  it('a process that died after phase 1 leaves an attempt the engine charges once', async () => {
    const { customer, invoice } = await openInvoice();
    // Phase 1 committed, then nothing: as if the process died before calling the gateway.
    await r.db.transaction(async (db) => {
      const ctx = r.context(db);
      const inv = await loadInvoiceForUpdate(db, invoice.id);
      const begun = await beginInvoicePaymentAttempts(ctx, [{ invoice: inv }]);
      expect(begun.attempts).toHaveLength(1);
    });
    expect((await r.stripe.invoices.retrieve(invoice.id)).next_payment_attempt).toBeNull();
    expect(await finishStuck()).toBe(1);
    expect((await r.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect(await ledgerCharges(invoice.id)).toBe(1);
    expect(await chargesOf(customer.id)).toHaveLength(1);
  });

  it('two requests paying one invoice at once charge it once', async () => {
    const { customer, invoice } = await openInvoice();
    const results = await Promise.allSettled([r.stripe.invoices.pay(invoice.id), r.stripe.invoices.pay(invoice.id), r.stripe.invoices.pay(invoice.id)]);
    expect(results.filter((x) => x.status === 'fulfilled')).not.toHaveLength(0);
    expect((await r.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect(await ledgerCharges(invoice.id)).toBe(1);
    expect(await chargesOf(customer.id)).toHaveLength(1);
  });
});
