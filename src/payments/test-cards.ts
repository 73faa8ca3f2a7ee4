// Stripe's test cards: their numbers, the test payment method ids and tokens that name them
// (pm_card_visa, tok_chargeDeclined…), and how each behaves when attached or charged.
import type { CardBrand } from './card-number.ts';
import { cardFingerprint } from './card-number.ts';

/** Why a card operation failed, in the terms of Stripe's card_error. */
export interface CardFailure {
  code: string;
  decline_code?: string;
  message: string;
  /** The card field the failure is about (exp_month, cvc…), as Stripe names it. */
  param?: string;
}

export interface TestCard {
  number: string;
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
  /** Fails when attached to a customer (Stripe validates the card then), and on every charge. */
  declines?: CardFailure;
  /** Attaches fine; every charge fails. */
  chargeFails?: CardFailure;
  /** Charges succeed; a refund stays pending (Stripe's 4000000000007726) or fails (4000000000005126). */
  refund?: 'pending' | 'fails';
  /** Every payment (and setup) needs the holder's 3-D Secure authentication first. */
  authentication?: 'required';
  /** Charges succeed, then the cardholder disputes them (Stripe's 4000000000000259). */
  dispute?: 'fraudulent';
  brand?: CardBrand;
}

const declined = (decline_code: string, message = 'Your card was declined.'): CardFailure => ({
  code: 'card_declined',
  decline_code,
  message,
});

export const GENERIC_DECLINE = declined('generic_decline');

const CARDS: Record<string, TestCard> = {
  visa: { number: '4242424242424242', funding: 'credit', country: 'US' },
  visa_debit: { number: '4000056655665556', funding: 'debit', country: 'US' },
  mastercard: { number: '5555555555554444', funding: 'credit', country: 'US' },
  mastercard_debit: { number: '5200828282828210', funding: 'debit', country: 'US' },
  mastercard_prepaid: { number: '5105105105105100', funding: 'prepaid', country: 'US' },
  amex: { number: '378282246310005', funding: 'credit', country: 'US' },
  discover: { number: '6011111111111117', funding: 'credit', country: 'US' },
  diners: { number: '3056930009020004', funding: 'credit', country: 'US' },
  jcb: { number: '3566002020360505', funding: 'credit', country: 'JP' },
  unionpay: { number: '6200000000000005', funding: 'credit', country: 'CN' },
  chargeCustomerFail: { number: '4000000000000341', funding: 'credit', country: 'US', chargeFails: GENERIC_DECLINE },
  chargeDeclined: { number: '4000000000000002', funding: 'credit', country: 'US', declines: GENERIC_DECLINE },
  chargeDeclinedInsufficientFunds: {
    number: '4000000000009995',
    funding: 'credit',
    country: 'US',
    declines: declined('insufficient_funds', 'Your card has insufficient funds.'),
  },
  chargeDeclinedLostCard: { number: '4000000000009987', funding: 'credit', country: 'US', declines: declined('lost_card') },
  chargeDeclinedStolenCard: { number: '4000000000009979', funding: 'credit', country: 'US', declines: declined('stolen_card') },
  chargeDeclinedFraudulent: { number: '4100000000000019', funding: 'credit', country: 'US', declines: declined('fraudulent') },
  chargeDeclinedExpiredCard: {
    number: '4000000000000069',
    funding: 'credit',
    country: 'US',
    declines: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.', param: 'exp_month' },
  },
  chargeDeclinedIncorrectCvc: {
    number: '4000000000000127',
    funding: 'credit',
    country: 'US',
    declines: { code: 'incorrect_cvc', decline_code: 'incorrect_cvc', message: "Your card's security code is incorrect.", param: 'cvc' },
  },
  chargeDeclinedProcessingError: {
    number: '4000000000000119',
    funding: 'credit',
    country: 'US',
    declines: {
      code: 'processing_error',
      decline_code: 'processing_error',
      message: 'An error occurred while processing your card. Try again in a little bit.',
    },
  },
};

// Refund behaviour cards (Stripe documents them by number; Recur also names them pm_card_refundPending, pm_card_refundFail).
CARDS.refundPending = { number: '4000000000007726', funding: 'credit', country: 'US', refund: 'pending' };
CARDS.refundFail = { number: '4000000000005126', funding: 'credit', country: 'US', refund: 'fails' };

// 3-D Secure cards: 4000002760003184 always requires authentication; 4000000000003055 supports it
// and succeeds without it. The dispute card succeeds and is then disputed as fraudulent.
CARDS.threeDSecure2Required = { number: '4000002760003184', funding: 'credit', country: 'US', authentication: 'required' };
CARDS.threeDSecureOptional = { number: '4000000000003055', funding: 'credit', country: 'US' };
CARDS.createDispute = { number: '4000000000000259', funding: 'credit', country: 'US', dispute: 'fraudulent' };

const ALIASES: Record<string, string> = { us: 'visa', amex_threeDSecureNotSupported: 'amex', threeDSecure2Optional: 'threeDSecureOptional', authenticationRequired: 'threeDSecure2Required' };

/** Every id that names a test card: pm_card_X, tok_X, and pm_card_visa_X / tok_visa_X for declines. */
const BY_ID = new Map<string, TestCard>();
for (const [name, card] of [...Object.entries(CARDS), ...Object.entries(ALIASES).map(([a, n]) => [a, CARDS[n]] as const)]) {
  const names = name.startsWith('charge') ? [name, `visa_${name}`] : [name];
  for (const n of names) {
    BY_ID.set(`pm_card_${n}`, card);
    BY_ID.set(`tok_${n}`, card);
  }
}

const BY_NUMBER = new Map(Object.values(CARDS).map((c) => [c.number, c]));
const BY_FINGERPRINT = new Map(Object.values(CARDS).map((c) => [cardFingerprint(c.number), c]));

/** The test card a `pm_card_…` payment method id names, if it names one. */
export const testCardForPaymentMethodId = (id: string): TestCard | undefined =>
  id.startsWith('pm_card_') ? BY_ID.get(id) : undefined;

/** The test card a `tok_…` token names, if it names one. */
export const testCardForToken = (token: string): TestCard | undefined => (token.startsWith('tok_') ? BY_ID.get(token) : undefined);

/** Whether an id is shaped like a test payment method id (known or not). */
export const isTestPaymentMethodId = (id: string): boolean => id.startsWith('pm_card_');

export const testCardByNumber = (number: string): TestCard | undefined => BY_NUMBER.get(number);

/** The test card behind a fingerprint; numbers outside the catalogue behave like a good card. */
export const testCardByFingerprint = (fingerprint: string | null | undefined): TestCard | undefined =>
  fingerprint ? BY_FINGERPRINT.get(fingerprint) : undefined;
