// Resending one event to one endpoint by hand: its delivery is queued again, due at once, and
// the engine sends it (with a fresh retry window) like any other.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, resourceMissing } from '../../core/errors.ts';
import { loadEndpoint, queueDelivery } from '../../store/webhooks/webhook-store.ts';
import { retrieveEvent } from '../events/events.ts';

export async function resendEvent(ctx: ServiceContext, eventId: string, endpointId: string): Promise<Stripe.Event> {
  const event = await retrieveEvent(ctx, eventId);
  const endpoint = await loadEndpoint(ctx.db, endpointId);
  if (!endpoint) throw resourceMissing('webhook_endpoint', endpointId, 'webhook_endpoint').asInvalid();
  if (endpoint.status !== 'enabled') throw invalidRequest(`Webhook endpoint ${endpointId} is disabled: enable it first.`, 'webhook_endpoint');
  await queueDelivery(ctx.db, event.id, endpoint.id);
  return retrieveEvent(ctx, event.id);
}
