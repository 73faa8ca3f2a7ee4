import { describe, expect, it } from 'vitest';
import { brandOf, cardFingerprint, isValidCardNumber } from './card-number.ts';
import { testCardByFingerprint, testCardForPaymentMethodId, testCardForToken } from './test-cards.ts';
import { validateExpiry } from './card-details.ts';
import { createTestCardProcessor } from './test-card-processor.ts';
import type Stripe from 'stripe';

const IDS = [
  'visa', 'visa_debit', 'mastercard', 'amex', 'discover', 'chargeCustomerFail', 'chargeDeclined',
  'chargeDeclinedInsufficientFunds', 'chargeDeclinedExpiredCard', 'chargeDeclinedIncorrectCvc',
  'chargeDeclinedProcessingError', 'chargeDeclinedFraudulent', 'chargeDeclinedLostCard', 'chargeDeclinedStolenCard',
];

const pmWith = (number: string) => ({ card: { fingerprint: cardFingerprint(number) } }) as Stripe.PaymentMethod;

describe('test cards', () => {
  it('names every card by pm_card_ id and tok_ token, each number passing Luhn', () => {
    for (const name of IDS) {
      const card = testCardForPaymentMethodId(`pm_card_${name}`);
      expect(card, name).toBeDefined();
      expect(testCardForToken(`tok_${name}`)).toBe(card);
      expect(isValidCardNumber(card!.number), card!.number).toBe(true);
      expect(testCardByFingerprint(cardFingerprint(card!.number))).toBe(card);
    }
    expect(testCardForPaymentMethodId('pm_card_visa_chargeDeclined')).toBe(testCardForPaymentMethodId('pm_card_chargeDeclined'));
    expect(testCardForPaymentMethodId('pm_card_unknown')).toBeUndefined();
    expect(testCardForToken('pm_card_visa')).toBeUndefined();
  });

  it('checks Luhn and length', () => {
    expect(isValidCardNumber('4242424242424242')).toBe(true);
    expect(isValidCardNumber('4242424242424241')).toBe(false);
    expect(isValidCardNumber('4242')).toBe(false);
    expect(isValidCardNumber('4242a24242424242')).toBe(false);
  });

  it('tells brands from leading digits', () => {
    expect(brandOf('4242424242424242')).toBe('visa');
    expect(brandOf('5555555555554444')).toBe('mastercard');
    expect(brandOf('2223003122003222')).toBe('mastercard');
    expect(brandOf('378282246310005')).toBe('amex');
    expect(brandOf('6011111111111117')).toBe('discover');
    expect(brandOf('3056930009020004')).toBe('diners');
    expect(brandOf('3566002020360505')).toBe('jcb');
    expect(brandOf('6200000000000005')).toBe('unionpay');
    expect(brandOf('9999999999999995')).toBe('unknown');
  });

  it('refuses past or impossible expiry dates', () => {
    const jan2026 = 1_767_225_600;
    expect(validateExpiry(1, 2026, jan2026)).toBe(2026);
    expect(validateExpiry(6, 30, jan2026)).toBe(2030);
    expect(() => validateExpiry(12, 2025, jan2026)).toThrow(/expiration year/);
    expect(() => validateExpiry(0, 2030, jan2026)).toThrow(/expiration month/);
    expect(() => validateExpiry(1, 2077, jan2026)).toThrow(/expiration year/);
  });

  it('charges and verifies as Stripe\'s test cards behave', async () => {
    const processor = createTestCardProcessor();
    const charge = (number: string, key: string) =>
      processor.charge({ amount: 1, currency: 'usd', paymentMethod: pmWith(number), customerId: null, description: null, idempotencyKey: key });
    expect(await charge('4242424242424242', 'k1')).toEqual({ status: 'succeeded' });
    expect(await charge('4000000000009995', 'k2')).toMatchObject({ status: 'failed', code: 'card_declined', decline_code: 'insufficient_funds' });
    expect(await charge('4000000000000341', 'k3')).toMatchObject({ status: 'failed', code: 'card_declined', decline_code: 'generic_decline' });
    expect(await processor.verify!({ paymentMethod: pmWith('4000000000000341'), customerId: 'cus_1' })).toEqual({ status: 'succeeded' });
    expect(await processor.verify!({ paymentMethod: pmWith('4000000000000002'), customerId: 'cus_1' })).toMatchObject({ status: 'failed' });
    expect(await charge('4111111111111111', 'k4')).toEqual({ status: 'succeeded' });
    expect(await processor.ledger.count()).toBe(4);
  });

  it('charges once per idempotency key and answers later requests from its ledger', async () => {
    const processor = createTestCardProcessor();
    const charge = (number: string, key: string) =>
      processor.charge({ amount: 500, currency: 'eur', paymentMethod: pmWith(number), customerId: null, description: null, idempotencyKey: key });
    expect(await charge('4000000000009995', 'same')).toMatchObject({ status: 'failed', decline_code: 'insufficient_funds' });
    // The same key with another card is still the first charge's outcome.
    expect(await charge('4242424242424242', 'same')).toMatchObject({ status: 'failed', decline_code: 'insufficient_funds' });
    expect(await processor.retrieve!('same')).toMatchObject({ status: 'failed' });
    expect(await processor.retrieve!('never')).toBeNull();
    expect([await processor.ledger.count(), await processor.ledger.count('failed')]).toEqual([1, 1]);
    expect(await processor.ledger.entries()).toMatchObject([{ idempotencyKey: 'same', amount: 500, currency: 'eur' }]);
  });

  it('times out before or after charging, and fails after charging, when told to', async () => {
    const processor = createTestCardProcessor();
    const charge = (key: string) =>
      processor.charge({ amount: 1, currency: 'usd', paymentMethod: pmWith('4242424242424242'), customerId: null, description: null, idempotencyKey: key });
    processor.inject('timeout_before_charge');
    await expect(charge('a')).rejects.toThrow(/timed out/);
    expect(await processor.ledger.count()).toBe(0);
    processor.inject('timeout_after_charge');
    await expect(charge('a')).rejects.toThrow(/timed out/);
    expect(await processor.ledger.count()).toBe(1);
    processor.inject('fail_after_charge');
    await expect(charge('b')).rejects.toThrow(/failed after charging/);
    // Asked again under the same keys: the recorded outcomes, no new charge.
    expect(await charge('a')).toEqual({ status: 'succeeded' });
    expect(await charge('b')).toEqual({ status: 'succeeded' });
    expect(await processor.ledger.count()).toBe(2);

    const pause = processor.pause('after_charge');
    const held = charge('c');
    expect(await pause.reached).toBe('c');
    expect(await processor.ledger.count()).toBe(3); // charged, its answer held back
    pause.release();
    expect(await held).toEqual({ status: 'succeeded' });
  });
});
