// What the customer is told about their subscription: the trial ends soon, it was canceled.
import type Stripe from 'stripe';
import type { EmailContent } from './email-message.ts';
import { formatDate, formatMoney } from './format.ts';

/** The recurring amount of per-unit items before discounts and tax, when every item has one price in one currency. */
function listAmount(subscription: Stripe.Subscription): string | null {
  const items = subscription.items?.data ?? [];
  if (!items.length) return null;
  let total = 0;
  const first = items[0].price;
  for (const item of items) {
    const p = item.price;
    if (p.billing_scheme !== 'per_unit' || p.unit_amount === null || p.currency !== first.currency) return null;
    if (p.recurring?.interval !== first.recurring?.interval || p.recurring?.interval_count !== first.recurring?.interval_count) return null;
    if (p.recurring?.usage_type === 'metered') return null;
    total += p.unit_amount * (item.quantity ?? 1);
  }
  const every = first.recurring!.interval_count > 1 ? `every ${first.recurring!.interval_count} ${first.recurring!.interval}s` : `per ${first.recurring!.interval}`;
  return `${formatMoney(total, first.currency)} ${every}`;
}

export function trialWillEnd(subscription: Stripe.Subscription, account: string): EmailContent {
  const ends = subscription.trial_end ? formatDate(subscription.trial_end) : 'soon';
  const amount = listAmount(subscription);
  const after = subscription.cancel_at_period_end
    ? 'Your subscription is set to end with the trial.'
    : amount
      ? `After the trial your subscription continues at ${amount} (before any discounts and taxes).`
      : 'After the trial your subscription continues and is billed as agreed.';
  return {
    message: 'trial_will_end',
    subject: `Your ${account} trial ends on ${ends}`,
    paragraphs: [`Your free trial with ${account} ends on ${ends}.`, after],
    details: [['Trial ends', ends], ...(amount && !subscription.cancel_at_period_end ? [['Then', amount] as [string, string]] : [])],
  };
}

export function subscriptionCanceled(subscription: Stripe.Subscription, account: string): EmailContent {
  const at = subscription.ended_at ?? subscription.canceled_at;
  return {
    message: 'subscription_canceled',
    subject: `Your ${account} subscription has been canceled`,
    paragraphs: [
      `Your subscription with ${account} was canceled${at ? ` on ${formatDate(at)}` : ''}. You will not be charged for it again.`,
    ],
    details: [['Subscription', subscription.id], ...(at ? [['Canceled on', formatDate(at)] as [string, string]] : [])],
  };
}
