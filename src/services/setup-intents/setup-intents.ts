// SetupIntents: saving a card for later. Confirming verifies the card at the gateway in three
// phases (the intent is committed `processing`, the gateway is asked outside any transaction, the
// outcome is recorded in a second one); success attaches the payment method to the customer.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { cardDeclined, invalidRequest, invalidState } from '../../core/errors.ts';
import type { GatewayResult } from '../../core/gateway.ts';
import { recordEvent } from '../../events/record-event.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { setupIntentStatus, type SetupIntentStatus } from '../../domain/state-machines/setup-intent-status.ts';
import { customerNow } from '../../payments/customer-time.ts';
import { authenticationUrl } from '../../payments/attempt-protocol.ts';
import { customerIdOf, insertPaymentMethod, loadPaymentMethod, savePaymentMethod } from '../../payments/payment-method-store.ts';
import { getObject } from '../../store/objects.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { materializeTestPaymentMethod } from '../payment-methods/create-payment-method.ts';
import { customerOfSetupIntent, insertSetupIntent, loadSetupIntent, saveSetupIntent } from './setup-intent-store.ts';

export interface CreateSetupIntentInput {
  customer?: string;
  payment_method?: string;
  usage?: 'on_session' | 'off_session';
  confirm?: boolean;
  description?: string;
  metadata?: MetadataInput;
  payment_method_types?: string[];
  allowed_payment_method_types?: Array<'card'>;
}

const unexpected = (si: Stripe.SetupIntent, action: string) =>
  invalidState(
    si.status === 'succeeded'
      ? `You cannot ${action} this SetupIntent because it has already succeeded.`
      : `You cannot ${action} this SetupIntent because it has a status of ${si.status}.`,
    undefined,
    'setup_intent_unexpected_state',
  );

function moved(si: Stripe.SetupIntent, to: SetupIntentStatus, action: string): Stripe.SetupIntent {
  const r = setupIntentStatus.transition(si.status as SetupIntentStatus, to);
  if (!r.ok) throw unexpected(si, action);
  return { ...si, status: to };
}

async function timeOf(ctx: ServiceContext, si: Stripe.SetupIntent): Promise<number> {
  const id = customerOfSetupIntent(si);
  return customerNow(ctx, id ? await getObject<Stripe.Customer>(ctx.db, 'customers', id) : null);
}

/** The payment method a SetupIntent may save: a new one from a test id, an unattached one, or the customer's own. */
async function paymentMethodFor(ctx: ServiceContext, id: string, customerId: string | null, at: number): Promise<Stripe.PaymentMethod> {
  const materialized = materializeTestPaymentMethod(ctx, id, at, 'payment_method');
  if (materialized) {
    await insertPaymentMethod(ctx.db, materialized);
    return materialized;
  }
  const pm = await loadPaymentMethod(ctx.db, id, { param: 'payment_method' });
  const owner = customerIdOf(pm);
  if (owner && owner !== customerId)
    throw invalidRequest('The payment method you provided has already been attached to another customer.', 'payment_method', 'payment_method_unexpected_state');
  return pm;
}

export async function createSetupIntent(ctx: ServiceContext, input: CreateSetupIntentInput): Promise<Stripe.SetupIntent> {
  const si = await ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const customer = input.customer ? await loadCustomer(db, input.customer, { param: 'customer' }) : null;
    const at = await customerNow(tx, customer);
    const pm = input.payment_method ? await paymentMethodFor(tx, input.payment_method, customer?.id ?? null, at) : null;
    if (input.confirm && !pm) throw invalidRequest('You cannot confirm this SetupIntent because it is missing a payment method.', 'payment_method', 'setup_intent_unexpected_state');
    const id = ctx.ids.next('seti');
    const made: Stripe.SetupIntent = {
      id,
      object: 'setup_intent',
      allowed_payment_method_types: input.allowed_payment_method_types ?? null,
      application: null,
      automatic_payment_methods: null,
      cancellation_reason: null,
      client_secret: `${id}_secret_${ctx.ids.next('x').slice(2)}`,
      created: at,
      customer: customer?.id ?? null,
      description: input.description ?? null,
      excluded_payment_method_types: null,
      flow_directions: null,
      last_setup_error: null,
      latest_attempt: null,
      livemode: false,
      mandate: null,
      metadata: mergeMetadata({}, input.metadata),
      next_action: null,
      on_behalf_of: null,
      payment_method: pm?.id ?? null,
      payment_method_configuration_details: null,
      payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
      payment_method_types: input.allowed_payment_method_types ?? input.payment_method_types ?? ['card'],
      single_use_mandate: null,
      status: pm ? 'requires_confirmation' : 'requires_payment_method',
      usage: input.usage ?? 'off_session',
    };
    await insertSetupIntent(db, made);
    await recordEvent(tx, 'setup_intent.created', made, { at, customerId: customer?.id ?? null });
    return made;
  });
  return input.confirm ? confirmSetupIntent(ctx, si.id, {}) : si;
}

/** Phase 1: the intent committed `processing` with the payment method to verify. */
async function beginConfirm(ctx: ServiceContext, id: string, input: { payment_method?: string }) {
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const si = await loadSetupIntent(db, id, { forUpdate: true });
    if (si.status !== 'requires_payment_method' && si.status !== 'requires_confirmation') throw unexpected(si, 'confirm');
    const at = await timeOf(tx, si);
    const pmId = input.payment_method ?? (typeof si.payment_method === 'string' ? si.payment_method : si.payment_method?.id);
    if (!pmId) throw invalidRequest('You cannot confirm this SetupIntent because it is missing a payment method.', 'payment_method', 'setup_intent_unexpected_state');
    const pm = await paymentMethodFor(tx, pmId, customerOfSetupIntent(si), at);
    const processing = { ...moved(si, 'processing', 'confirm'), payment_method: pm.id, last_setup_error: null };
    await saveSetupIntent(db, processing);
    return { si: processing, pm, at };
  });
}

/** Phase 3: the verification's outcome; success attaches the card to the customer. */
async function finishConfirm(ctx: ServiceContext, id: string, pm: Stripe.PaymentMethod, result: GatewayResult): Promise<Stripe.SetupIntent> {
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const si = await loadSetupIntent(db, id, { forUpdate: true });
    if (si.status !== 'processing') return si;
    const at = await timeOf(tx, si);
    const customerId = customerOfSetupIntent(si);
    const opts = { at, customerId };
    if (result.status === 'succeeded') {
      const done = moved(si, 'succeeded', 'confirm');
      await saveSetupIntent(db, done);
      const current = await loadPaymentMethod(db, pm.id, { forUpdate: true });
      if (customerId && !customerIdOf(current)) {
        const attached = { ...current, customer: customerId };
        await savePaymentMethod(db, attached);
        await recordEvent(tx, 'payment_method.attached', attached, opts);
      }
      await recordEvent(tx, 'setup_intent.succeeded', done, opts);
      return done;
    }
    if (result.status === 'requires_action') {
      // The card needs its holder's authentication: Recur's page completes or fails it.
      const waiting: Stripe.SetupIntent = {
        ...moved(si, 'requires_action', 'confirm'),
        next_action: { type: 'redirect_to_url', redirect_to_url: { url: authenticationUrl(ctx.settings.publicUrl, si.id), return_url: null } },
      };
      await saveSetupIntent(db, waiting);
      await recordEvent(tx, 'setup_intent.requires_action', waiting, opts);
      return waiting;
    }
    const failed: Stripe.SetupIntent = {
      ...moved(si, 'requires_payment_method', 'confirm'),
      payment_method: null,
      last_setup_error: {
        type: 'card_error',
        code: result.code as Stripe.SetupIntent.LastSetupError.Code,
        ...(result.decline_code ? { decline_code: result.decline_code } : {}),
        doc_url: `https://stripe.com/docs/error-codes/${result.code.replace(/_/g, '-')}`,
        message: result.message,
        payment_method: pm,
        payment_method_type: pm.type,
      },
    };
    await saveSetupIntent(db, failed);
    await recordEvent(tx, 'setup_intent.setup_failed', failed, opts);
    return failed;
  });
}

/** Confirms: verifies the card (a zero-amount authorization) and saves it to the customer. Outside any transaction. */
export async function confirmSetupIntent(ctx: ServiceContext, id: string, input: { payment_method?: string }): Promise<Stripe.SetupIntent> {
  const begun = await beginConfirm(ctx, id, input);
  const customerId = customerOfSetupIntent(begun.si);
  let result: GatewayResult;
  try {
    result = ctx.gateway.verify ? await ctx.gateway.verify({ paymentMethod: begun.pm, customerId: customerId ?? '' }) : { status: 'succeeded' };
  } catch (e) {
    result = { status: 'failed', code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' };
  }
  const after = await finishConfirm(ctx, id, begun.pm, result);
  const err = after.last_setup_error;
  if (after.status === 'requires_payment_method' && err)
    throw cardDeclined(err.message ?? 'Your card was declined.', err.code ?? 'card_declined', err.decline_code, { setup_intent: after, doc_url: err.doc_url });
  return after;
}

export async function updateSetupIntent(ctx: ServiceContext, id: string, input: { description?: string | null; metadata?: MetadataInput; payment_method?: string }): Promise<Stripe.SetupIntent> {
  const before = await loadSetupIntent(ctx.db, id, { forUpdate: true });
  if (before.status === 'succeeded' || before.status === 'canceled') throw unexpected(before, 'update');
  const at = await timeOf(ctx, before);
  const pm = input.payment_method ? await paymentMethodFor(ctx, input.payment_method, customerOfSetupIntent(before), at) : null;
  const after: Stripe.SetupIntent = {
    ...before,
    description: input.description === undefined ? before.description : input.description,
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
    ...(pm ? { payment_method: pm.id, status: 'requires_confirmation' as const } : {}),
  };
  await saveSetupIntent(ctx.db, after);
  return after;
}

export async function cancelSetupIntent(ctx: ServiceContext, id: string, input: { cancellation_reason?: Stripe.SetupIntent.CancellationReason }): Promise<Stripe.SetupIntent> {
  const before = await loadSetupIntent(ctx.db, id, { forUpdate: true });
  const after: Stripe.SetupIntent = { ...moved(before, 'canceled', 'cancel'), cancellation_reason: input.cancellation_reason ?? null, next_action: null };
  await saveSetupIntent(ctx.db, after);
  await recordEvent(ctx, 'setup_intent.canceled', after, { at: await timeOf(ctx, after), customerId: customerOfSetupIntent(after) });
  return after;
}
