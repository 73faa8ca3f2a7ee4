// Creates a card payment method from raw card data or a test token, and materializes Stripe's
// test payment method ids (pm_card_visa…) into new payment methods, as Stripe does.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, missingParam } from '../../core/errors.ts';
import { cardFromNumber, cardFromTestCard } from '../../payments/card-details.ts';
import { newCardPaymentMethod, type PaymentMethodFields } from './payment-method-fields.ts';
import { insertPaymentMethod, noSuchPaymentMethod } from '../../payments/payment-method-store.ts';
import { testCardForPaymentMethodId, testCardForToken } from '../../payments/test-cards.ts';

export interface CardInput {
  number?: string;
  exp_month?: number;
  exp_year?: number;
  cvc?: string;
  token?: string;
}

export interface CreatePaymentMethodInput extends PaymentMethodFields {
  type: 'card';
  card?: CardInput;
}

const addressChecks = (f: PaymentMethodFields) => ({
  line1: !!f.billing_details?.address?.line1,
  postalCode: !!f.billing_details?.address?.postal_code,
});

export async function createPaymentMethod(ctx: ServiceContext, input: CreatePaymentMethodInput): Promise<Stripe.PaymentMethod> {
  const at = ctx.clock.now();
  const { type: _type, card, ...fields } = input;
  if (!card) throw missingParam('card');
  let details: Stripe.PaymentMethod.Card;
  if (card.token !== undefined) {
    const extra = (['number', 'exp_month', 'exp_year', 'cvc'] as const).find((k) => card[k] !== undefined);
    if (extra) throw invalidRequest(`card[token] cannot be combined with card[${extra}].`, `card[${extra}]`, 'parameters_exclusive');
    const test = testCardForToken(card.token);
    if (!test) throw invalidRequest(`No such token: '${card.token}'`, 'card[token]', 'resource_missing');
    details = cardFromTestCard(test, at, addressChecks(fields));
  } else {
    for (const k of ['number', 'exp_month', 'exp_year'] as const) if (card[k] === undefined) throw missingParam(`card[${k}]`);
    details = cardFromNumber(
      { number: card.number!, exp_month: card.exp_month!, exp_year: card.exp_year!, cvc: card.cvc },
      at,
      addressChecks(fields),
    );
  }
  const pm = newCardPaymentMethod(ctx, details, at, fields);
  await insertPaymentMethod(ctx.db, pm);
  return pm;
}

/**
 * A new payment method for a test id such as `pm_card_visa` (not yet stored), or null when the id
 * is not a test id. A `pm_card_…` id naming no test card is a resource_missing error.
 */
export function materializeTestPaymentMethod(
  ctx: Pick<ServiceContext, 'ids'>,
  id: string,
  at: number,
  param: string,
): Stripe.PaymentMethod | null {
  if (!id.startsWith('pm_card_')) return null;
  const test = testCardForPaymentMethodId(id);
  if (!test) throw noSuchPaymentMethod(id, param);
  return newCardPaymentMethod(ctx, cardFromTestCard(test, at, { line1: false, postalCode: false }), at);
}
