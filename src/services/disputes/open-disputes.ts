// Opening the disputes a gateway reported, at their instant: the dispute with the money it
// withdraws (amount and fee), the charge marked disputed, charge.dispute.created and
// charge.dispute.funds_withdrawn. Run by the engine for the system clock and by a test clock's
// advance for its customers. A connector whose processor reports a dispute later (a webhook)
// records it with reportDispute; it opens on the next run.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { FixedClock } from '../../core/clock.ts';
import { resourceMissing } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { openDispute } from '../../domain/disputes/dispute-decisions.ts';
import { getObject } from '../../store/objects.ts';
import { insertDispute, recordDisputeReports } from './dispute-store.ts';

export interface DisputeScope {
  /** The test clock whose customers' disputes to open; null: customers on the system clock. */
  testClock: string | null;
  until: number;
}

/** Opens every reported dispute due in scope, each at its own instant; returns how many. */
export async function openDueDisputes(ctx: ServiceContext, scope: DisputeScope): Promise<number> {
  return ctx.db.transaction(async (db) => {
    const rows = await db.query(
      `SELECT charge_id, customer_id, amount, reason, opens_at FROM reported_disputes
        WHERE dispute_id IS NULL AND opens_at <= $1 AND ${scope.testClock === null ? 'test_clock IS NULL' : 'test_clock = $2'}
        ORDER BY opens_at LIMIT 500 FOR UPDATE SKIP LOCKED`,
      scope.testClock === null ? [scope.until] : [scope.until, scope.testClock],
    );
    for (const r of rows) {
      const at = Number(r.opens_at);
      const tx: ServiceContext = { ...ctx, db, clock: new FixedClock(at) };
      const charge = await getObject<Stripe.Charge>(db, 'charges', r.charge_id, { forUpdate: true });
      if (!charge) continue;
      const { dispute: made, withdrawn } = openDispute({ id: ctx.ids.next('dp'), charge, amount: Number(r.amount), reason: r.reason, at });
      const dispute: Stripe.Dispute = { ...made, balance_transactions: [{ id: ctx.ids.next('txn'), ...withdrawn }] };
      await insertDispute(db, dispute, r.customer_id);
      const disputed: Stripe.Charge = { ...charge, disputed: true };
      await db.query('UPDATE charges SET data = $2 WHERE id = $1', [charge.id, JSON.stringify(disputed)]);
      await db.query('UPDATE reported_disputes SET dispute_id = $2 WHERE charge_id = $1', [charge.id, dispute.id]);
      const opts = { at, customerId: r.customer_id as string | null };
      await recordEvent(tx, 'charge.dispute.created', dispute, opts);
      await recordEvent(tx, 'charge.dispute.funds_withdrawn', dispute, opts);
    }
    return rows.length;
  });
}

/** How a connector reports a dispute its processor told it about: it opens at `at` (default: now). */
export async function reportDispute(ctx: ServiceContext, input: { chargeKey: string; amount: number; reason: string; at?: number }): Promise<void> {
  const [attempt] = await ctx.db.query(`SELECT charge_id, customer_id FROM payment_attempts WHERE gateway_key = $1 AND status = 'succeeded'`, [input.chargeKey]);
  if (!attempt) throw resourceMissing('charge', input.chargeKey, 'chargeKey');
  await recordDisputeReports(ctx.db, [{ chargeId: attempt.charge_id, customerId: attempt.customer_id, amount: input.amount, reason: input.reason, opensAt: input.at ?? ctx.clock.now() }]);
}
