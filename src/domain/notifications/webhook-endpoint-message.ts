// What the account's owner is told when Recur stops delivering to a failing webhook endpoint.
import type { EmailContent } from './email-message.ts';
import { formatDate } from './format.ts';

export interface DisabledEndpoint {
  id: string;
  url: string;
  /** When it was disabled (after 3 days of failed deliveries). */
  disabledAt: number;
}

export function webhookEndpointDisabled(endpoint: DisabledEndpoint, account: string): EmailContent {
  return {
    message: 'webhook_endpoint_disabled',
    subject: `[${account}] Webhook endpoint disabled: ${endpoint.url}`,
    paragraphs: [
      `Deliveries to your webhook endpoint ${endpoint.url} failed for 3 days, so Recur disabled it on ${formatDate(endpoint.disabledAt)}. No more events are sent to it.`,
      `Once the endpoint answers with a 2xx status again, enable it: POST /v1/webhook_endpoints/${endpoint.id} with disabled=false.`,
    ],
    details: [
      ['Endpoint', endpoint.id],
      ['URL', endpoint.url],
      ['Disabled on', formatDate(endpoint.disabledAt)],
    ],
  };
}
