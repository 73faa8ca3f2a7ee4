// Finance reports computed in SQL from the generated columns, one query each: monthly recurring
// revenue by currency and the receivables owed on open invoices, aged.
import type { Db } from './db.ts';

export interface CurrencyMrr {
  currency: string;
  /** Monthly recurring revenue in the currency's minor unit, rounded once (half away from zero). */
  mrr: number;
  /** Subscriptions that contribute to it. */
  subscriptions: number;
}

/**
 * MRR as of `at`, by the subscriptions' currency: every licensed item of a subscription that is
 * `active` or `past_due` (started by `at` and not set to have been canceled by then), unit amount ×
 * quantity, normalized to a month the way Stripe's revenue reports do: a year counts 1/12, a week
 * 52/12, a day 365/12, each divided by the price's interval_count.
 * Left out, as Stripe's MRR leaves them out or as they cannot be known from the price alone:
 * trials, metered usage, tiered prices (no unit amount), discounts and taxes.
 * A subscription bills in its prices' currency (Recur refuses a subscription currency its prices do
 * not have), so each item's price amount is what it bills.
 */
export async function mrrByCurrency(db: Db, at: number): Promise<CurrencyMrr[]> {
  const rows = await db.query<{ currency: string; mrr: number; subscriptions: number }>(
    `SELECT s.currency,
            round(sum(
              si.unit_amount_decimal * si.quantity
              * CASE si.recurring_interval WHEN 'month' THEN 12 WHEN 'year' THEN 1 WHEN 'week' THEN 52 WHEN 'day' THEN 365 END
              / (12 * si.recurring_interval_count)
            )) AS mrr,
            count(DISTINCT s.id)::int AS subscriptions
       FROM subscriptions s
       JOIN subscription_items si ON si.subscription_id = s.id AND NOT si.deleted
      WHERE s.status IN ('active', 'past_due')
        AND s.created <= $1
        AND (s.data->>'cancel_at' IS NULL OR (s.data->>'cancel_at')::bigint > $1)
        AND si.usage_type = 'licensed'
        AND si.unit_amount_decimal IS NOT NULL
      GROUP BY s.currency
      ORDER BY s.currency`,
    [at],
  );
  return rows.map((r) => ({ currency: r.currency, mrr: Number(r.mrr), subscriptions: r.subscriptions }));
}

export interface CurrencyReceivables {
  currency: string;
  /** What open invoices still ask for (amount_remaining), in the currency's minor unit. */
  total: number;
  invoices: number;
  /**
   * The same amount by days past due: from the due date (send_invoice) or, for invoices charged
   * automatically, from finalization. Invoices not yet due count in the first bucket.
   */
  aging: { days_0_30: number; days_31_60: number; days_61_90: number; days_over_90: number };
}

/** Receivables at `at`: open invoices' amount_remaining by currency, aged in 30-day buckets. */
export async function receivables(db: Db, at: number): Promise<CurrencyReceivables[]> {
  const rows = await db.query(
    `SELECT currency,
            sum(amount_remaining) AS total,
            count(*)::int AS invoices,
            coalesce(sum(amount_remaining) FILTER (WHERE days <= 30), 0) AS days_0_30,
            coalesce(sum(amount_remaining) FILTER (WHERE days > 30 AND days <= 60), 0) AS days_31_60,
            coalesce(sum(amount_remaining) FILTER (WHERE days > 60 AND days <= 90), 0) AS days_61_90,
            coalesce(sum(amount_remaining) FILTER (WHERE days > 90), 0) AS days_over_90
       FROM (SELECT currency, amount_remaining,
                    greatest(0, ($1 - coalesce(due_date, finalized_at, created)) / 86400) AS days
               FROM invoices
              WHERE status = 'open' AND amount_remaining > 0) open_invoices
      GROUP BY currency
      ORDER BY currency`,
    [at],
  );
  return rows.map((r) => ({
    currency: r.currency as string,
    total: Number(r.total),
    invoices: r.invoices as number,
    aging: {
      days_0_30: Number(r.days_0_30),
      days_31_60: Number(r.days_31_60),
      days_61_90: Number(r.days_61_90),
      days_over_90: Number(r.days_over_90),
    },
  }));
}
