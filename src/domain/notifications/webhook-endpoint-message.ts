// What the account's owner is told when Recur stops delivering to a failing webhook endpoint.
import type { EmailContent } from './email-message.ts';
import { formatDate } from './format.ts';

export interface DisabledEndpoint {
  id: string;
  url: string;
  /** When deliveries to it started failing. */
  failingSince: number;
  /** When it was disabled. */
  disabledAt: number;
}

export function webhookEndpointDisabled(endpoint: DisabledEndpoint, account: string): EmailContent {
  return {
    message: 'webhook_endpoint_disabled',
    subject: `[${account}] Webhook endpoint disabled: ${endpoint.url}`,
    paragraphs: [
      `Every delivery to your webhook endpoint ${endpoint.url} has failed since ${formatDate(endpoint.failingSince)}, so Recur disabled it on ${formatDate(endpoint.disabledAt)}. No more events are sent to it.`,
      `Once the endpoint answers with a 2xx status again, enable it: POST /v1/webhook_endpoints/${endpoint.id} with disabled=false.`,
    ],
    details: [
      ['Endpoint', endpoint.id],
      ['URL', endpoint.url],
      ['Failing since', formatDate(endpoint.failingSince)],
    ],
  };
}
