import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { invoicesToRetry, retryNow } from './card-fix-retry.ts';

const inv = (over: Partial<Stripe.Invoice>) =>
  ({ id: 'in_1', status: 'open', collection_method: 'charge_automatically', attempted: true, auto_advance: true, amount_remaining: 1000, next_payment_attempt: null, ...over }) as Stripe.Invoice;

describe('card fix retries', () => {
  it('retries only open, attempted invoices collected automatically with something left to pay', () => {
    const candidates = [
      inv({ id: 'in_dunning' }),
      inv({ id: 'in_draft', status: 'draft' }),
      inv({ id: 'in_paid', status: 'paid' }),
      inv({ id: 'in_uncollectible', status: 'uncollectible' }),
      inv({ id: 'in_fresh', attempted: false }),
      inv({ id: 'in_send', collection_method: 'send_invoice' }),
      inv({ id: 'in_zero', amount_remaining: 0 }),
      inv({ id: 'in_manual', auto_advance: false }),
    ];
    expect(invoicesToRetry(candidates).map((i) => i.id)).toEqual(['in_dunning']);
  });

  it('schedules the attempt now, with the new card when a subscription names one', () => {
    expect(retryNow(inv({}), 1000)).toMatchObject({ next_payment_attempt: 1000 });
    expect(retryNow(inv({ default_payment_method: 'pm_old' }), 1000, 'pm_new').default_payment_method).toBe('pm_new');
  });
});
