// Which due subscriptions the set-based renewal takes: those whose due action is a plain renewal
// whose invoice waits as a draft (or stays one while collection is paused). Trial ends (payment
// method checks), cancellations, expiries, resumed collection and paused collection that voids or
// marks its invoices uncollectible go one by one.
import type Stripe from 'stripe';
import { actionDueAt } from '../subscriptions/next-action.ts';

export function renewsInBatch(sub: Stripe.Subscription, at: number): boolean {
  const pause = sub.pause_collection?.behavior ?? null;
  return actionDueAt(sub, at) === 'renew' && (pause === null || pause === 'keep_as_draft') && sub.items.data.length > 0;
}
