// POST /v1/payment_intents/:id/confirm: charges the intent's (or the given) payment method through
// the attempt protocol; an invoice's intent settles its invoice too.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { getObject } from '../../store/objects.ts';
import { beginChargeAttempts } from '../../payments/attempt-protocol.ts';
import { chargeBegunIntent, missingPaymentMethod, paymentMethodForIntent } from './create-payment-intent.ts';
import { customerNow } from '../../payments/customer-time.ts';
import { transitionPaymentIntent } from '../../payments/payment-intent-transitions.ts';
import { invoiceIdOfPaymentIntent, loadPaymentIntent } from '../../payments/payment-records-store.ts';

export async function confirmPaymentIntent(
  ctx: ServiceContext,
  id: string,
  input: { payment_method?: string; return_url?: string },
): Promise<Stripe.PaymentIntent> {
  const begun = await ctx.db.transaction(async (db) => {
    const tx: ServiceContext = { ...ctx, db };
    const pi = await loadPaymentIntent(db, id, { forUpdate: true });
    if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation')
      throw invalidState(
        `You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    const customerId = typeof pi.customer === 'string' ? pi.customer : null;
    const customer = customerId ? await getObject<Stripe.Customer>(db, 'customers', customerId) : null;
    const at = await customerNow(tx, customer);
    const pmId = input.payment_method ?? (typeof pi.payment_method === 'string' ? pi.payment_method : null);
    if (!pmId) throw missingPaymentMethod();
    const pm = await paymentMethodForIntent(tx, pmId, customerId, at);
    const ready = { ...transitionPaymentIntent(pi, 'requires_confirmation'), payment_method: pm.id };
    const invoiceId = await invoiceIdOfPaymentIntent(db, id);
    const attempts = await beginChargeAttempts(tx, [{ paymentIntent: ready, isNew: false, paymentMethod: pm, invoiceId, at, returnUrl: input.return_url }]);
    return { pi: attempts[0]?.paymentIntent ?? ready, attempts };
  });
  return chargeBegunIntent(ctx, begun.pi, begun.attempts);
}
