// Webhook endpoints: create (the signing secret is shown only then), update (`disabled` sets the
// status), delete. An endpoint's URL must be http(s) and, unless the server allows it, public.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, resourceMissing } from '../../core/errors.ts';
import { STRIPE_API_VERSION } from '../../core/api-version.ts';
import { isKnownEventType } from '../../events/webhooks/event-types.ts';
import { urlRefusal } from '../../events/webhooks/address-safety.ts';
import { newSigningSecret } from '../../events/webhooks/sign.ts';
import { mergeMetadata } from '../../domain/metadata.ts';
import { deleteEndpoint, insertEndpoint, loadEndpoint, saveEndpoint } from '../../store/webhooks/webhook-store.ts';

export interface WebhookEndpointFields {
  url?: string;
  enabled_events?: string[];
  description?: string | null;
  metadata?: Record<string, string | null> | null;
  api_version?: string;
  disabled?: boolean;
}

export const allowsPrivateAddresses = (ctx: Pick<ServiceContext, 'webhooks'>): boolean => ctx.webhooks?.allowPrivateAddresses ?? false;

function checkUrl(ctx: ServiceContext, url: string): string {
  const refusal = urlRefusal(url, allowsPrivateAddresses(ctx));
  if (refusal) throw invalidRequest(refusal, 'url', 'url_invalid');
  return url;
}

function checkEvents(events: string[]): string[] {
  if (!events.length) throw invalidRequest('enabled_events must name at least one event type, or `*`.', 'enabled_events');
  for (const type of events) {
    if (type !== '*' && !isKnownEventType(type)) throw invalidRequest(`Invalid enabled_events: ${type} is not an event type.`, 'enabled_events');
  }
  return [...new Set(events)];
}

export async function createWebhookEndpoint(ctx: ServiceContext, p: WebhookEndpointFields & { url: string; enabled_events: string[] }) {
  const endpoint: Stripe.WebhookEndpoint = {
    id: ctx.ids.next('we'),
    object: 'webhook_endpoint',
    api_version: p.api_version ?? STRIPE_API_VERSION,
    application: null,
    created: ctx.clock.now(),
    description: p.description ?? null,
    enabled_events: checkEvents(p.enabled_events),
    livemode: false,
    metadata: mergeMetadata({}, p.metadata),
    status: 'enabled',
    url: checkUrl(ctx, p.url),
  };
  const secret = newSigningSecret();
  await insertEndpoint(ctx.db, endpoint, secret);
  return { ...endpoint, secret };
}

export async function retrieveWebhookEndpoint(ctx: ServiceContext, id: string): Promise<Stripe.WebhookEndpoint> {
  const endpoint = await loadEndpoint(ctx.db, id);
  if (!endpoint) throw resourceMissing('webhook_endpoint', id);
  return endpoint;
}

export async function updateWebhookEndpoint(ctx: ServiceContext, id: string, p: WebhookEndpointFields): Promise<Stripe.WebhookEndpoint> {
  const current = await loadEndpoint(ctx.db, id, { forUpdate: true });
  if (!current) throw resourceMissing('webhook_endpoint', id);
  const next: Stripe.WebhookEndpoint = {
    ...current,
    ...(p.url !== undefined ? { url: checkUrl(ctx, p.url) } : {}),
    ...(p.enabled_events !== undefined ? { enabled_events: checkEvents(p.enabled_events) } : {}),
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.metadata !== undefined ? { metadata: mergeMetadata(current.metadata, p.metadata) } : {}),
    ...(p.disabled !== undefined ? { status: p.disabled ? 'disabled' : 'enabled' } : {}),
  };
  // Enabling again starts a new failure streak: the endpoint gets three more days.
  await saveEndpoint(ctx.db, next, { clearFailing: p.disabled === false });
  return next;
}

export async function deleteWebhookEndpoint(ctx: ServiceContext, id: string) {
  const current = await loadEndpoint(ctx.db, id, { forUpdate: true });
  if (!current) throw resourceMissing('webhook_endpoint', id);
  await deleteEndpoint(ctx.db, id);
  return { id, object: 'webhook_endpoint' as const, deleted: true as const };
}
