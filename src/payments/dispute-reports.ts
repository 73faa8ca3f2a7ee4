// The disputes a gateway reported on charges, recorded to open at their instant (services/disputes
// opens them). Written in phase 3 of a charge, from what the gateway answered in phase 2.
import type { Db } from '../core/db.ts';

/** A dispute the gateway reported on a charge, to open at `opensAt`. */
export interface DisputeReport {
  chargeId: string;
  customerId: string | null;
  amount: number;
  reason: string;
  opensAt: number;
}

/** Records reports (a charge's first report stands), with the test clock of the charge's customer. */
export async function recordDisputeReports(db: Db, reports: DisputeReport[]): Promise<void> {
  for (const r of reports)
    await db.query(
      `INSERT INTO reported_disputes (charge_id, customer_id, test_clock, amount, reason, opens_at)
       VALUES ($1, $2, (SELECT data->>'test_clock' FROM customers WHERE id = $2), $3, $4, $5) ON CONFLICT DO NOTHING`,
      [r.chargeId, r.customerId, r.amount, r.reason, r.opensAt],
    );
}
