// The engine's scheduled events: `invoice.upcoming` (the next renewal's invoice, as
// create_preview shows it) some days before each renewal, and `customer.subscription.trial_will_end`
// 3 days before a trial ends, each once per renewal or trial end, recorded at the instant it fell.
import type { ServiceContext } from '../../core/context.ts';
import { FixedClock } from '../../core/clock.ts';
import { RecurError } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { DEFAULT_UPCOMING_INVOICE_DAYS, scheduledEventAt, scheduledEventLead, type ScheduledEventType } from '../../domain/subscriptions/scheduled-events.ts';
import { previewInvoice } from './preview-invoice.ts';
import { customerIdOf } from './subscription-store.ts';

const COLUMNS: Record<ScheduledEventType, { boundary: string; announced: string }> = {
  'customer.subscription.trial_will_end': { boundary: 'trialing_until', announced: 'trial_end_announced_for' },
  'invoice.upcoming': { boundary: 'upcoming_period_end', announced: 'upcoming_announced_for' },
};
const BATCH = 100;

/** Records the scheduled events that fall at or before scope.until for the scope's subscriptions, in time order; returns how many. */
export async function announceScheduledEvents(ctx: ServiceContext, scope: { testClock: string | null; until: number }): Promise<number> {
  const leadDays = ctx.settings.upcomingInvoiceDays ?? DEFAULT_UPCOMING_INVOICE_DAYS;
  let recorded = 0;
  for (let more = true; more; ) {
    recorded += await ctx.db.transaction(async (tx) => {
      const due: Array<{ type: ScheduledEventType; at: number; row: any }> = [];
      more = false;
      for (const type of Object.keys(COLUMNS) as ScheduledEventType[]) {
        const { boundary, announced } = COLUMNS[type];
        const rows = await tx.query(
          `SELECT id, created, ${boundary} AS boundary, data FROM subscriptions
            WHERE ${scope.testClock === null ? 'test_clock IS NULL' : 'test_clock = $3'}
              AND ${boundary} IS DISTINCT FROM ${announced} AND ${boundary} <= $1
            ORDER BY ${boundary} LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [scope.until + scheduledEventLead(type, leadDays), BATCH, ...(scope.testClock === null ? [] : [scope.testClock])],
        );
        if (rows.length === BATCH) more = true;
        for (const row of rows) due.push({ type, row, at: scheduledEventAt(type, Number(row.boundary), Number(row.created), leadDays) });
      }
      for (const { type, row, at } of due.sort((a, b) => a.at - b.at)) {
        const atCtx: ServiceContext = { ...ctx, db: tx, clock: new FixedClock(at), requestId: undefined, idempotencyKey: undefined };
        const object = type === 'invoice.upcoming' ? await upcomingInvoice(atCtx, row.id) : row.data;
        if (object) await recordEvent(atCtx, type, object, { at, customerId: customerIdOf(row.data) });
        await tx.query(`UPDATE subscriptions SET ${COLUMNS[type].announced} = ${COLUMNS[type].boundary} WHERE id = $1`, [row.id]);
      }
      return due.length;
    });
  }
  return recorded;
}

/** The invoice the next renewal will create, or null when there will be none. */
async function upcomingInvoice(ctx: ServiceContext, subscriptionId: string) {
  try {
    return await previewInvoice(ctx, { subscription: subscriptionId });
  } catch (e) {
    if (e instanceof RecurError) return null;
    throw e;
  }
}
