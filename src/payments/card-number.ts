// What a card number says by itself: whether it is well formed (Luhn), its brand, and the
// fingerprint that identifies the same number across payment methods without keeping it.
import { createHash } from 'node:crypto';

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'unknown';

const DISPLAY_BRAND: Record<CardBrand, string> = {
  visa: 'visa',
  mastercard: 'mastercard',
  amex: 'american_express',
  discover: 'discover',
  diners: 'diners_club',
  jcb: 'jcb',
  unionpay: 'union_pay',
  unknown: 'other',
};

export const displayBrand = (brand: CardBrand): string => DISPLAY_BRAND[brand];

/** Digits only, 12 to 19 of them, passing the Luhn check. */
export function isValidCardNumber(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The card network from the number's leading digits (IIN ranges). */
export function brandOf(number: string): CardBrand {
  const p2 = Number(number.slice(0, 2));
  const p3 = Number(number.slice(0, 3));
  const p4 = Number(number.slice(0, 4));
  if (number.startsWith('4')) return 'visa';
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return 'mastercard';
  if (p2 === 34 || p2 === 37) return 'amex';
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649)) return 'discover';
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305)) return 'diners';
  if (p4 >= 3528 && p4 <= 3589) return 'jcb';
  if (p2 === 62) return 'unionpay';
  return 'unknown';
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A stable 16-character fingerprint of the number: equal numbers, equal fingerprints. */
export function cardFingerprint(number: string): string {
  const digest = createHash('sha256').update(`recur-card:${number}`).digest();
  let out = '';
  for (let i = 0; i < 16; i++) out += ALPHABET[digest[i] % 62];
  return out;
}
