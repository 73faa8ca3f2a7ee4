// The three phases of a payment attempt, for many attempts at once. No transaction spans the
// gateway call:
//   1. beginChargeAttempts (inside the caller's transaction, which then commits): the intents move
//      to `processing` and each attempt is recorded with a gateway key derived from its own id;
//   2. callGateway (no transaction): the charges, with bounded concurrency; an error means the
//      outcome is unknown and the attempt stays processing;
//   3. recordChargeOutcomes (inside a second transaction): a Charge per attempt, the intent
//      succeeded or back to requires_payment_method with last_payment_error, and their events.
// An attempt left in processing (the process died, the gateway timed out) is finished later by
// asking the gateway under the same key (askGateway), never by charging under a new one.
import type Stripe from 'stripe';
import type { ServiceContext } from '../core/context.ts';
import { recordEvent } from '../events/record-event.ts';
import type { GatewayDispute, GatewayResult } from './payment-gateway.ts';
import { recordDisputeReports } from './dispute-reports.ts';

export { AUTHENTICATION_REQUIRED, authenticationUrl, type ChargeOutcome, type PaymentError } from './attempt-outcomes.ts';
import { AUTHENTICATION_REQUIRED, authorizesOnly, chargeOf, outcomeOf, type ChargeOutcome } from './attempt-outcomes.ts';
import { transitionPaymentIntent } from './payment-intent-transitions.ts';
import { savePaymentMethod } from './payment-method-store.ts';
import { finishAttempts, insertAttempts, type AttemptRow } from './payment-attempt-store.ts';
import { insertCharges, insertPaymentIntents, savePaymentIntents } from './payment-records-store.ts';

/** An attempt recorded in phase 1, with what phases 2 and 3 need in memory. */
export interface ChargeAttempt extends AttemptRow {
  /** The intent as phase 1 saved it (processing). */
  paymentIntent: Stripe.PaymentIntent;
  paymentMethod: Stripe.PaymentMethod;
  /** The customer completed the card's authentication (3-D Secure) for this attempt. */
  authenticated?: boolean;
  /** Where the authentication page sends the customer back (next_action.redirect_to_url.return_url). */
  returnUrl?: string | null;
}

export interface BeginChargeInput {
  /** The intent to charge (any status that may move to processing). */
  paymentIntent: Stripe.PaymentIntent;
  /** True when the intent is new: it is inserted (and payment_intent.created recorded) here. */
  isNew: boolean;
  paymentMethod: Stripe.PaymentMethod;
  invoiceId: string | null;
  /** The instant the attempt's records carry (the customer's test clock time, if any). */
  at: number;
  saveMethodTo?: string | null;
  authenticated?: boolean;
  returnUrl?: string | null;
}

/** The gateway key of an attempt: its own id, so a retry of the same attempt is the same charge. */
export const gatewayKeyOf = (attemptId: string): string => `recur:${attemptId}`;

/**
 * Phase 1, in the caller's transaction: records the attempts (multi-row) and moves their intents
 * to processing. An input whose intent or invoice already has an attempt in flight is left out
 * (and its intent left untouched): the result holds only the attempts recorded, in input order.
 */
export async function beginChargeAttempts(ctx: ServiceContext, inputs: BeginChargeInput[]): Promise<ChargeAttempt[]> {
  const planned = inputs.map((input) => {
    const id = ctx.ids.next('payatt');
    const customerId = typeof input.paymentIntent.customer === 'string' ? input.paymentIntent.customer : (input.paymentIntent.customer?.id ?? null);
    const paymentIntent: Stripe.PaymentIntent = {
      ...transitionPaymentIntent(input.paymentIntent, 'processing'),
      payment_method: input.paymentMethod.id,
      last_payment_error: null,
    };
    const attempt: ChargeAttempt = {
      id,
      customerId,
      paymentIntentId: paymentIntent.id,
      invoiceId: input.invoiceId,
      paymentMethodId: input.paymentMethod.id,
      gatewayKey: gatewayKeyOf(id),
      at: input.at,
      saveMethodTo: input.saveMethodTo ?? null,
      paymentIntent,
      paymentMethod: input.paymentMethod,
      authenticated: input.authenticated,
      returnUrl: input.returnUrl ?? null,
    };
    return { attempt, isNew: input.isNew };
  });
  const recorded = await insertAttempts(ctx.db, planned.map((p) => p.attempt));
  const kept = planned.filter((p) => recorded.has(p.attempt.id));
  const fresh = kept.filter((p) => p.isNew);
  await insertPaymentIntents(ctx.db, fresh.map((p) => ({ pi: p.attempt.paymentIntent, invoiceId: p.attempt.invoiceId })));
  await savePaymentIntents(ctx.db, kept.filter((p) => !p.isNew).map((p) => p.attempt.paymentIntent));
  for (const p of fresh) {
    // The created event shows the intent as it was created, before it started processing.
    const created = { ...p.attempt.paymentIntent, status: 'requires_confirmation' as const };
    await recordEvent(ctx, 'payment_intent.created', created, { at: p.attempt.at, customerId: p.attempt.customerId });
  }
  return kept.map((p) => p.attempt);
}

/**
 * What phase 2 learnt: the gateway's answer (with the disputes it reports on a successful charge),
 * or that the outcome is unknown for now.
 */
export type AttemptResult = (GatewayResult & { disputes?: GatewayDispute[] }) | { status: 'unknown'; reason: string };

/** The disputes the gateway reports on a charge just made (none when it cannot say, or fails to). */
async function disputesReported(ctx: Pick<ServiceContext, 'gateway'>, key: string): Promise<GatewayDispute[]> {
  if (!ctx.gateway.disputesOf) return [];
  try {
    return await ctx.gateway.disputesOf(key);
  } catch {
    return [];
  }
}

async function withDisputes(ctx: Pick<ServiceContext, 'gateway'>, key: string, result: GatewayResult): Promise<AttemptResult> {
  return result.status === 'succeeded' ? { ...result, disputes: await disputesReported(ctx, key) } : result;
}

/** Runs `fn` over items with at most `concurrency` calls in flight; results in input order. */
export async function mapBounded<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return out;
}

const unknown = (e: unknown): AttemptResult => ({ status: 'unknown', reason: e instanceof Error ? e.message : String(e) });


/**
 * Phase 2: charges each attempt under its key (or, for a manual-capture intent, authorizes it).
 * Must run outside any transaction.
 */
export async function callGateway(
  ctx: Pick<ServiceContext, 'gateway'>,
  attempts: ChargeAttempt[],
  opts: { concurrency?: number } = {},
): Promise<AttemptResult[]> {
  return mapBounded(attempts, opts.concurrency ?? 8, async (a) => {
    try {
      const req = {
        amount: a.paymentIntent.amount,
        currency: a.paymentIntent.currency,
        paymentMethod: a.paymentMethod,
        customerId: a.customerId,
        description: a.paymentIntent.description,
        idempotencyKey: a.gatewayKey,
        ...(a.authenticated ? { authenticated: true } : {}),
      };
      if (authorizesOnly(a)) {
        if (!ctx.gateway.authorize) return unknown(new Error('The payment gateway cannot authorize without capturing.'));
        return await ctx.gateway.authorize(req);
      }
      return await withDisputes(ctx, a.gatewayKey, await ctx.gateway.charge(req));
    } catch (e) {
      return unknown(e);
    }
  });
}

/**
 * Phase 2 for an attempt found stuck: the outcome the gateway recorded under the attempt's key,
 * or — when it never charged under it — the charge made now under that same key.
 */
export async function askGateway(ctx: Pick<ServiceContext, 'gateway'>, attempts: ChargeAttempt[], opts: { concurrency?: number } = {}): Promise<AttemptResult[]> {
  return mapBounded(attempts, opts.concurrency ?? 8, async (a) => {
    try {
      const known = ctx.gateway.retrieve ? await ctx.gateway.retrieve(a.gatewayKey) : null;
      return known ? await withDisputes(ctx, a.gatewayKey, known) : (await callGateway(ctx, [a]))[0];
    } catch (e) {
      return unknown(e);
    }
  });
}


/**
 * Phase 3, payments' part, in the caller's (second) transaction: for each attempt with a known
 * result that is still processing, its Charge, the intent's new state and their events.
 * Attempts with an unknown result, or finished meanwhile by another process, are left out.
 */
export async function recordChargeOutcomes(ctx: ServiceContext, attempts: ChargeAttempt[], results: AttemptResult[]): Promise<ChargeOutcome[]> {
  const known = attempts
    .map((attempt, k) => ({ attempt, result: results[k] }))
    .filter((x): x is { attempt: ChargeAttempt; result: GatewayResult & { disputes?: GatewayDispute[] } } => x.result.status !== 'unknown');
  const charges = known.map(({ attempt: a, result }) =>
    chargeOf(ctx, a, result.status === 'requires_action' ? { status: 'failed', ...AUTHENTICATION_REQUIRED } : result),
  );
  const finished = await finishAttempts(
    ctx.db,
    known.map(({ attempt, result }, k) => ({ id: attempt.id, status: result.status === 'succeeded' ? 'succeeded' : 'failed', chargeId: charges[k].id })),
  );
  const outcomes: ChargeOutcome[] = [];
  known.forEach(({ attempt, result }, k) => {
    if (finished.has(attempt.id)) outcomes.push(outcomeOf(ctx, attempt, result, charges[k]));
  });
  await insertCharges(ctx.db, outcomes.map((o) => o.charge));
  const byAttempt = new Map(known.map((k) => [k.attempt.id, k.result]));
  await recordDisputeReports(
    ctx.db,
    outcomes.flatMap((o) =>
      (byAttempt.get(o.attempt.id)?.disputes ?? []).map((d) => ({
        chargeId: o.charge.id,
        customerId: o.attempt.customerId,
        amount: d.amount,
        reason: d.reason,
        opensAt: o.attempt.at + d.openedAfter,
      })),
    ),
  );
  await savePaymentIntents(ctx.db, outcomes.map((o) => o.paymentIntent));
  for (const o of outcomes) {
    const opts = { at: o.attempt.at, customerId: o.attempt.customerId };
    await recordEvent(ctx, o.succeeded ? 'charge.succeeded' : 'charge.failed', o.charge, opts);
    const intentEvent = o.requiresAction
      ? 'payment_intent.requires_action'
      : !o.succeeded
        ? 'payment_intent.payment_failed'
        : o.paymentIntent.status === 'requires_capture'
          ? 'payment_intent.amount_capturable_updated'
          : 'payment_intent.succeeded';
    await recordEvent(ctx, intentEvent, o.paymentIntent, opts);
    if (o.succeeded && o.attempt.saveMethodTo && !o.attempt.paymentMethod.customer) {
      const saved: Stripe.PaymentMethod = { ...o.attempt.paymentMethod, customer: o.attempt.saveMethodTo };
      await savePaymentMethod(ctx.db, saved);
      await recordEvent(ctx, 'payment_method.attached', saved, { at: o.attempt.at, customerId: o.attempt.saveMethodTo });
    }
  }
  return outcomes;
}
