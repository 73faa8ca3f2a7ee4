// What a subscription has to do next and when: the one source of its next_action_at.
// Pure: reads the subscription object only.
import type Stripe from 'stripe';

/** An incomplete subscription whose first invoice is still unpaid expires this long after creation. */
export const INCOMPLETE_EXPIRY_SECONDS = 23 * 3600;

export type DueAction = 'expire_pending_update' | 'expire_incomplete' | 'cancel' | 'resume_collection' | 'trial_end' | 'renew';

/** In priority order: when several are due at one instant, the first is done first. */
const PRIORITY: DueAction[] = ['expire_pending_update', 'expire_incomplete', 'cancel', 'resume_collection', 'trial_end', 'renew'];

export function scheduledActions(s: Stripe.Subscription): Array<{ action: DueAction; at: number }> {
  const out: Array<{ action: DueAction; at: number }> = [];
  const periodEnd = s.items.data.length ? Math.min(...s.items.data.map((i) => i.current_period_end)) : null;
  if (s.pending_update) out.push({ action: 'expire_pending_update', at: s.pending_update.expires_at });
  switch (s.status) {
    case 'incomplete':
      out.push({ action: 'expire_incomplete', at: s.created + INCOMPLETE_EXPIRY_SECONDS });
      break;
    case 'paused':
      if (s.cancel_at !== null) out.push({ action: 'cancel', at: s.cancel_at });
      break;
    case 'trialing':
    case 'active':
    case 'past_due':
    case 'unpaid':
      if (s.cancel_at !== null) out.push({ action: 'cancel', at: s.cancel_at });
      if (s.pause_collection?.resumes_at) out.push({ action: 'resume_collection', at: s.pause_collection.resumes_at });
      if (s.status === 'trialing' && s.trial_end !== null) out.push({ action: 'trial_end', at: s.trial_end });
      else if (periodEnd !== null) out.push({ action: 'renew', at: periodEnd });
      break;
    default:
      break;
  }
  return out;
}

/** The earliest instant something is due; null when nothing ever will be (ended subscriptions). */
export function nextActionAt(s: Stripe.Subscription): number | null {
  const all = scheduledActions(s);
  return all.length ? Math.min(...all.map((a) => a.at)) : null;
}

/** The action to do at `now` (the highest-priority one that is due), or null. */
export function actionDueAt(s: Stripe.Subscription, now: number): DueAction | null {
  const due = scheduledActions(s).filter((a) => a.at <= now);
  if (!due.length) return null;
  return PRIORITY.find((p) => due.some((d) => d.action === p)) ?? null;
}
