// Cancels one meter event by its identifier (a meter event adjustment of type cancel): the event
// stops counting in its hour and in every invoice not yet finalized.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { metersById } from '../meters/meter-store.ts';

export async function cancelMeterEvent(
  ctx: ServiceContext,
  input: { event_name: string; identifier: string },
  params: { identifier: string; eventName: string },
): Promise<Stripe.Billing.MeterEventAdjustment> {
  return ctx.db.transaction(async (tx) => {
    const canceled = await ctx.usage.cancel(tx, input.identifier);
    if (!canceled) throw invalidRequest(`No counted meter event has the identifier '${input.identifier}'.`, params.identifier, 'resource_missing');
    const meter = (await metersById(tx, [canceled.meterId])).get(canceled.meterId);
    // Thrown inside the transaction: the cancellation is rolled back with it.
    if (meter?.event_name !== input.event_name)
      throw invalidRequest(`The event '${input.identifier}' was not recorded under the event_name '${input.event_name}'.`, params.eventName);
    return {
      object: 'billing.meter_event_adjustment',
      cancel: { identifier: input.identifier },
      event_name: input.event_name,
      livemode: false,
      status: 'complete',
      type: 'cancel',
    };
  });
}
