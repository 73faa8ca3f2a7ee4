// When a subscription's scheduled events fall: `invoice.upcoming` `leadDays` before its next
// renewal (default 7), `customer.subscription.trial_will_end` 3 days before its trial ends. Never
// before the subscription existed: one created closer than that is told at once.

export const TRIAL_WILL_END_LEAD = 3 * 86_400;
export const DEFAULT_UPCOMING_INVOICE_DAYS = 7;

export type ScheduledEventType = 'invoice.upcoming' | 'customer.subscription.trial_will_end';

/** The instant of a scheduled event about `boundary` (the renewal or trial end) for a subscription created at `created`. */
export function scheduledEventAt(type: ScheduledEventType, boundary: number, created: number, leadDays = DEFAULT_UPCOMING_INVOICE_DAYS): number {
  const lead = type === 'invoice.upcoming' ? leadDays * 86_400 : TRIAL_WILL_END_LEAD;
  return Math.max(boundary - lead, created);
}

/** Seconds before the boundary a scheduled event can fall (what to look ahead by). */
export function scheduledEventLead(type: ScheduledEventType, leadDays = DEFAULT_UPCOMING_INVOICE_DAYS): number {
  return type === 'invoice.upcoming' ? leadDays * 86_400 : TRIAL_WILL_END_LEAD;
}
