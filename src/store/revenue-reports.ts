// The reports page, one SQL query each from stored columns: MRR per month with its movements (from
// the licensed, non-proration lines of subscription invoices, each spread over the months its period
// covers and normalized to a month), subscriptions by status, revenue collected, failed payments and
// how many of the invoices they hit were recovered.
import type { Db } from './db.ts';

export interface MrrMonth {
  month: string;
  currency: string;
  mrr: number;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
}

/** Month-normalized amount of a line: year ÷ 12, week × 52 ÷ 12, day × 365 ÷ 12, each ÷ interval_count. */
const NORMALIZED = `l_amount * CASE interval WHEN 'month' THEN 12 WHEN 'year' THEN 1 WHEN 'week' THEN 52 WHEN 'day' THEN 365 END / (12.0 * interval_count)`;

/** Months up to `at` (UTC, 'YYYY-MM'), by currency, oldest first. */
export async function mrrMovements(db: Db, at: number): Promise<MrrMonth[]> {
  const rows = await db.query(
    `WITH lines AS (
       SELECT i.subscription_id, i.currency,
              (l.data->>'amount')::numeric AS l_amount,
              (l.data->'period'->>'start')::bigint AS p_start,
              (l.data->'period'->>'end')::bigint AS p_end,
              p.recurring_interval AS interval,
              coalesce((p.data->'recurring'->>'interval_count')::int, 1) AS interval_count
         FROM invoices i
         JOIN invoice_lines l ON l.invoice_id = i.id
         JOIN prices p ON p.id = l.data->'pricing'->'price_details'->>'price'
        WHERE i.status IN ('open', 'paid', 'uncollectible')
          AND i.subscription_id IS NOT NULL
          AND p.usage_type = 'licensed'
          AND NOT coalesce((l.data->'parent'->'subscription_item_details'->>'proration')::boolean, false)
     ),
     sub_month AS (
       SELECT subscription_id, currency, m.month, sum(${NORMALIZED}) AS mrr
         FROM lines,
              LATERAL generate_series(date_trunc('month', to_timestamp(p_start) AT TIME ZONE 'UTC'),
                                      to_timestamp(p_end - 1) AT TIME ZONE 'UTC', interval '1 month') AS m(month)
        WHERE p_end > p_start AND m.month <= to_timestamp($1) AT TIME ZONE 'UTC'
        GROUP BY subscription_id, currency, m.month
     ),
     moves AS (
       SELECT coalesce(cur.subscription_id, prev.subscription_id) AS subscription_id,
              coalesce(cur.currency, prev.currency) AS currency,
              coalesce(cur.month, prev.month + interval '1 month') AS month,
              coalesce(cur.mrr, 0) AS mrr, coalesce(prev.mrr, 0) AS before,
              EXISTS (SELECT 1 FROM sub_month e WHERE e.subscription_id = cur.subscription_id AND e.month < cur.month - interval '1 month') AS had_before
         FROM sub_month cur
         FULL JOIN sub_month prev ON prev.subscription_id = cur.subscription_id AND prev.month = cur.month - interval '1 month'
        WHERE coalesce(cur.month, prev.month + interval '1 month') <= to_timestamp($1) AT TIME ZONE 'UTC'
     )
     SELECT to_char(month, 'YYYY-MM') AS month, currency,
            round(sum(mrr)) AS mrr,
            round(coalesce(sum(mrr) FILTER (WHERE before = 0 AND mrr > 0 AND NOT had_before), 0)) AS new,
            round(coalesce(sum(mrr - before) FILTER (WHERE before > 0 AND mrr > before), 0)) AS expansion,
            round(coalesce(sum(before - mrr) FILTER (WHERE mrr > 0 AND mrr < before), 0)) AS contraction,
            round(coalesce(sum(before) FILTER (WHERE mrr = 0 AND before > 0), 0)) AS churn,
            round(coalesce(sum(mrr) FILTER (WHERE before = 0 AND mrr > 0 AND had_before), 0)) AS reactivation
       FROM moves
      GROUP BY month, currency
      ORDER BY month, currency`,
    [at],
  );
  return rows.map((r) => ({
    month: r.month,
    currency: r.currency,
    mrr: Number(r.mrr),
    new: Number(r.new),
    expansion: Number(r.expansion),
    contraction: Number(r.contraction),
    churn: Number(r.churn),
    reactivation: Number(r.reactivation),
  }));
}

export async function subscriptionsByStatus(db: Db): Promise<Array<{ status: string; subscriptions: number }>> {
  const rows = await db.query('SELECT status, count(*)::int AS n FROM subscriptions GROUP BY status ORDER BY status');
  return rows.map((r) => ({ status: r.status, subscriptions: r.n }));
}

/** Money collected on invoices per month of payment, by currency. */
export async function revenueCollected(db: Db): Promise<Array<{ month: string; currency: string; amount: number; invoices: number }>> {
  const rows = await db.query(
    `SELECT to_char(to_timestamp(paid_at) AT TIME ZONE 'UTC', 'YYYY-MM') AS month, currency, sum(amount_paid) AS amount, count(*)::int AS invoices
       FROM invoices WHERE status = 'paid' AND paid_at IS NOT NULL AND amount_paid > 0
      GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows.map((r) => ({ month: r.month, currency: r.currency, amount: Number(r.amount), invoices: r.invoices }));
}

/**
 * Failed charges per month, and of the invoices they were for, how many were paid since (recovered):
 * the recovery rate is recovered ÷ invoices hit.
 */
export async function failedPayments(db: Db): Promise<Array<{ month: string; currency: string; failed_charges: number; amount_failed: number; invoices_hit: number; recovered: number; recovery_rate: number }>> {
  const rows = await db.query(
    `SELECT to_char(to_timestamp(c.created) AT TIME ZONE 'UTC', 'YYYY-MM') AS month, c.data->>'currency' AS currency,
            count(*)::int AS failed_charges, sum((c.data->>'amount')::bigint) AS amount_failed,
            count(DISTINCT pi.invoice_id)::int AS invoices_hit,
            count(DISTINCT pi.invoice_id) FILTER (WHERE i.status = 'paid')::int AS recovered
       FROM charges c
       JOIN payment_intents pi ON pi.id = c.payment_intent_id
       LEFT JOIN invoices i ON i.id = pi.invoice_id
      WHERE c.data->>'status' = 'failed'
      GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows.map((r) => ({
    month: r.month,
    currency: r.currency,
    failed_charges: r.failed_charges,
    amount_failed: Number(r.amount_failed),
    invoices_hit: r.invoices_hit,
    recovered: r.recovered,
    recovery_rate: r.invoices_hit ? Math.round((r.recovered / r.invoices_hit) * 1000) / 1000 : 0,
  }));
}
