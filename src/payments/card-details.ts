// Turns card data (a raw number with expiry and CVC, or a test card) into the `card` hash of a
// PaymentMethod, refusing malformed numbers and past expiry dates with Stripe's card errors.
import type Stripe from 'stripe';
import { cardDeclined } from '../core/errors.ts';
import { brandOf, cardFingerprint, displayBrand, isValidCardNumber } from './card-number.ts';
import { testCardByNumber, type TestCard } from './test-cards.ts';

export interface RawCardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc?: string;
}

export interface CardChecksInput {
  cvc: boolean;
  line1: boolean;
  postalCode: boolean;
}

const cardError = (message: string, code: string, param: string) => cardDeclined(message, code, undefined, { param });

/** The UTC calendar year and month of a Unix instant. */
function yearMonth(at: number): { year: number; month: number } {
  const d = new Date(at * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** Checks an expiry date against `at` (two-digit years are this century's) and returns the four-digit year. */
export function validateExpiry(expMonth: number, expYear: number, at: number): number {
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12)
    throw cardError("Your card's expiration month is invalid.", 'invalid_expiry_month', 'exp_month');
  const year = expYear >= 0 && expYear < 100 ? 2000 + expYear : expYear;
  const now = yearMonth(at);
  if (!Number.isInteger(year) || year < now.year || year > now.year + 50)
    throw cardError("Your card's expiration year is invalid.", 'invalid_expiry_year', 'exp_year');
  if (year === now.year && expMonth < now.month)
    throw cardError("Your card's expiration month is invalid.", 'invalid_expiry_month', 'exp_month');
  return year;
}

/** The card hash for a raw card number; unknown but valid numbers are ordinary good cards. */
export function cardFromNumber(input: RawCardInput, at: number, checks: Omit<CardChecksInput, 'cvc'>): Stripe.PaymentMethod.Card {
  const number = input.number.replace(/[\s-]/g, '');
  if (!isValidCardNumber(number)) throw cardError('Your card number is incorrect.', 'incorrect_number', 'number');
  const expYear = validateExpiry(input.exp_month, input.exp_year, at);
  if (input.cvc !== undefined && !/^\d{3,4}$/.test(input.cvc))
    throw cardError("Your card's security code is invalid.", 'invalid_cvc', 'cvc');
  const known = testCardByNumber(number);
  return buildCard(number, input.exp_month, expYear, known, { ...checks, cvc: input.cvc !== undefined });
}

/** The card hash for a test card named by id or token: it expires a year after `at`. */
export function cardFromTestCard(card: TestCard, at: number, checks: Omit<CardChecksInput, 'cvc'>): Stripe.PaymentMethod.Card {
  const now = yearMonth(at);
  return buildCard(card.number, now.month, now.year + 1, card, { ...checks, cvc: true });
}

function buildCard(
  number: string,
  expMonth: number,
  expYear: number,
  known: TestCard | undefined,
  checks: CardChecksInput,
): Stripe.PaymentMethod.Card {
  const brand = known?.brand ?? brandOf(number);
  return {
    brand,
    checks: {
      address_line1_check: checks.line1 ? 'pass' : null,
      address_postal_code_check: checks.postalCode ? 'pass' : null,
      cvc_check: checks.cvc ? 'pass' : null,
    },
    country: known?.country ?? 'US',
    display_brand: displayBrand(brand),
    exp_month: expMonth,
    exp_year: expYear,
    fingerprint: cardFingerprint(number),
    funding: known?.funding ?? 'credit',
    generated_from: null,
    last4: number.slice(-4),
    networks: { available: [brand], preferred: null },
    regulated_status: 'unregulated',
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}
