// The customer's answer on Recur's 3-D Secure page for a PaymentIntent (or a SetupIntent) in
// requires_action. Completing charges the card again as a new attempt marked authenticated (three
// phases, like every charge; an invoice's intent settles its invoice); failing returns the intent
// to requires_payment_method with Stripe's authentication failure as last_payment_error.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { beginChargeAttempts } from '../../payments/attempt-protocol.ts';
import { customerNow } from '../../payments/customer-time.ts';
import { transitionPaymentIntent } from '../../payments/payment-intent-transitions.ts';
import { customerIdOf, loadPaymentMethod, savePaymentMethod } from '../../payments/payment-method-store.ts';
import { invoiceIdOfPaymentIntent, loadPaymentIntent, savePaymentIntents } from '../../payments/payment-records-store.ts';
import { getObject } from '../../store/objects.ts';
import { completeInvoicePaymentAttempts } from '../invoices/finish-invoice-payment.ts';
import { customerOfSetupIntent, loadSetupIntent, saveSetupIntent } from '../setup-intents/setup-intent-store.ts';

export type AuthenticationAnswer = 'complete' | 'fail';

const customerOf = (o: { customer: string | { id: string } | null }): string | null => (typeof o.customer === 'string' ? o.customer : (o.customer?.id ?? null));

async function timeFor(ctx: ServiceContext, customerId: string | null): Promise<number> {
  return customerNow(ctx, customerId ? await getObject<Stripe.Customer>(ctx.db, 'customers', customerId) : null);
}

const notWaiting = (kind: string, status: string) =>
  invalidState(`This ${kind} is not waiting for authentication (its status is ${status}).`, undefined, `${kind === 'PaymentIntent' ? 'payment_intent' : 'setup_intent'}_unexpected_state`);

/** What the page shows: the intent it authenticates, whichever kind. */
export async function intentToAuthenticate(ctx: ServiceContext, id: string): Promise<Stripe.PaymentIntent | Stripe.SetupIntent> {
  return id.startsWith('seti_') ? loadSetupIntent(ctx.db, id) : loadPaymentIntent(ctx.db, id);
}

/** Records the customer's answer. Must be called outside a transaction (completing charges the card). */
export async function answerAuthentication(ctx: ServiceContext, id: string, answer: AuthenticationAnswer): Promise<Stripe.PaymentIntent | Stripe.SetupIntent> {
  if (id.startsWith('seti_')) return ctx.db.transaction((db) => answerSetup({ ...ctx, db }, id, answer));
  if (answer === 'fail') return ctx.db.transaction((db) => failPayment({ ...ctx, db }, id));
  const begun = await ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const pi = await loadPaymentIntent(db, id, { forUpdate: true });
    if (pi.status !== 'requires_action') throw notWaiting('PaymentIntent', pi.status);
    const pm = await loadPaymentMethod(db, pi.payment_method as string);
    const at = await timeFor(tx, customerOf(pi));
    const invoiceId = await invoiceIdOfPaymentIntent(db, id);
    return beginChargeAttempts(tx, [{ paymentIntent: pi, isNew: false, paymentMethod: pm, invoiceId, at, authenticated: true }]);
  });
  if (begun.length) await completeInvoicePaymentAttempts(ctx, begun);
  return loadPaymentIntent(ctx.db, id);
}

async function failPayment(ctx: ServiceContext, id: string): Promise<Stripe.PaymentIntent> {
  const pi = await loadPaymentIntent(ctx.db, id, { forUpdate: true });
  if (pi.status !== 'requires_action') throw notWaiting('PaymentIntent', pi.status);
  const pm = await loadPaymentMethod(ctx.db, pi.payment_method as string);
  const after: Stripe.PaymentIntent = {
    ...transitionPaymentIntent(pi, 'requires_payment_method'),
    payment_method: null,
    next_action: null,
    last_payment_error: {
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
      message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
      payment_method: pm,
      payment_method_type: pm.type,
    },
  };
  await savePaymentIntents(ctx.db, [after]);
  await recordEvent(ctx, 'payment_intent.payment_failed', after, { at: await timeFor(ctx, customerOf(pi)), customerId: customerOf(pi) });
  return after;
}

async function answerSetup(ctx: ServiceContext, id: string, answer: AuthenticationAnswer): Promise<Stripe.SetupIntent> {
  const si = await loadSetupIntent(ctx.db, id, { forUpdate: true });
  if (si.status !== 'requires_action') throw notWaiting('SetupIntent', si.status);
  const customerId = customerOfSetupIntent(si);
  const opts = { at: await timeFor(ctx, customerId), customerId };
  const pm = await loadPaymentMethod(ctx.db, si.payment_method as string, { forUpdate: true });
  if (answer === 'complete') {
    const done: Stripe.SetupIntent = { ...si, status: 'succeeded', next_action: null };
    await saveSetupIntent(ctx.db, done);
    if (customerId && !customerIdOf(pm)) {
      const attached = { ...pm, customer: customerId };
      await savePaymentMethod(ctx.db, attached);
      await recordEvent(ctx, 'payment_method.attached', attached, opts);
    }
    await recordEvent(ctx, 'setup_intent.succeeded', done, opts);
    return done;
  }
  const failed: Stripe.SetupIntent = {
    ...si,
    status: 'requires_payment_method',
    payment_method: null,
    next_action: null,
    last_setup_error: {
      type: 'invalid_request_error',
      code: 'setup_intent_authentication_failure',
      doc_url: 'https://stripe.com/docs/error-codes/setup-intent-authentication-failure',
      message: 'The latest attempt to set up the payment method has failed because authentication failed.',
      payment_method: pm,
      payment_method_type: pm.type,
    },
  };
  await saveSetupIntent(ctx.db, failed);
  await recordEvent(ctx, 'setup_intent.setup_failed', failed, opts);
  return failed;
}
