// A billing meter for tests whose metered prices need one (a metered price must name an active meter).
import type Stripe from 'stripe';

export async function meterFor(stripe: Stripe, eventName: string, formula: 'sum' | 'count' | 'last' = 'sum'): Promise<string> {
  const found = (await stripe.billing.meters.list({ status: 'active', limit: 100 })).data.find((m) => m.event_name === eventName);
  if (found) return found.id;
  return (await stripe.billing.meters.create({ display_name: eventName, event_name: eventName, default_aggregation: { formula } })).id;
}
