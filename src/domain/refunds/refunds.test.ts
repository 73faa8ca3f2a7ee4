import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { checkRefund, chargeWithRefunds, refundableAmount } from './refunds.ts';

const charge = { id: 'ch_1', status: 'succeeded', amount: 5000, amount_captured: 5000, currency: 'usd' } as Stripe.Charge;
const refund = (amount: number, status: string) => ({ id: `re_${amount}_${status}`, amount, status }) as Stripe.Refund;

describe('refunds', () => {
  it('counts pending and succeeded refunds against the charge, not failed or canceled ones', () => {
    // 5,000 − 1,000 − 500 = 3,500
    expect(refundableAmount(charge, [refund(1000, 'succeeded'), refund(500, 'pending'), refund(2000, 'failed'), refund(700, 'canceled')])).toBe(3500);
  });

  it('refunds everything left by default, and refuses more than is left', () => {
    expect(checkRefund(charge, [refund(1500, 'succeeded')], undefined)).toEqual({ ok: true, amount: 3500 });
    expect(checkRefund(charge, [refund(1500, 'succeeded')], 3500)).toEqual({ ok: true, amount: 3500 });
    expect(checkRefund(charge, [refund(1500, 'succeeded')], 3501)).toMatchObject({ ok: false, param: 'amount' });
    expect(checkRefund(charge, [refund(5000, 'succeeded')], undefined)).toMatchObject({ ok: false, code: 'charge_already_refunded' });
    expect(checkRefund({ ...charge, status: 'failed' }, [], 100)).toMatchObject({ ok: false });
  });

  it('a charge shows what was refunded', () => {
    const partly = chargeWithRefunds(charge, [refund(1500, 'succeeded')]);
    expect([partly.amount_refunded, partly.refunded, partly.refunds?.data.length]).toEqual([1500, false, 1]);
    const fully = chargeWithRefunds(charge, [refund(1500, 'succeeded'), refund(3500, 'succeeded')]);
    // 1,500 + 3,500 = 5,000: refunded in full
    expect([fully.amount_refunded, fully.refunded]).toEqual([5000, true]);
    expect(fully.refunds?.data.map((r) => r.amount)).toEqual([3500, 1500]);
  });
});
