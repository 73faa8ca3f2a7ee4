// Which event timestamps a meter accepts: from 35 days before to 5 minutes after the customer's
// now (its test clock's time when it has one), as Stripe does.

export const EVENT_PAST_LIMIT = 35 * 86400;
export const EVENT_FUTURE_LIMIT = 5 * 60;

/** Why a timestamp is refused, or null when it is accepted. */
export function checkEventTime(timestamp: number, customerNow: number): string | null {
  if (timestamp < customerNow - EVENT_PAST_LIMIT)
    return `The timestamp ${timestamp} is more than 35 days before the customer's current time (${customerNow}).`;
  if (timestamp > customerNow + EVENT_FUTURE_LIMIT)
    return `The timestamp ${timestamp} is more than 5 minutes after the customer's current time (${customerNow}).`;
  return null;
}
