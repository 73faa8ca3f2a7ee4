// The account's billing settings (one row; no row means the defaults) and the dunning steps taken
// for overdue invoices, each recorded once.
import type { Db } from './db.ts';
import { DEFAULT_DUNNING_POLICY, type DunningPolicy } from '../domain/dunning/dunning-policy.ts';

/** Recur serves one account per deployment; the key leaves room for more. */
export const ACCOUNT = 'default';

export interface BillingSettingsRecord {
  policy: DunningPolicy;
  updated: number | null;
}

export async function loadBillingSettings(db: Db): Promise<BillingSettingsRecord> {
  const rows = await db.query('SELECT data FROM billing_settings WHERE account = $1', [ACCOUNT]);
  if (!rows.length) return { policy: DEFAULT_DUNNING_POLICY, updated: null };
  const { updated, ...stored } = rows[0].data as Partial<DunningPolicy> & { updated: number };
  return { policy: { ...DEFAULT_DUNNING_POLICY, ...stored }, updated };
}

export const loadDunningPolicy = async (db: Db): Promise<DunningPolicy> => (await loadBillingSettings(db)).policy;

export async function saveBillingSettings(db: Db, policy: DunningPolicy, updated: number): Promise<void> {
  await db.query(
    `INSERT INTO billing_settings (account, data) VALUES ($1, $2)
     ON CONFLICT (account) DO UPDATE SET data = EXCLUDED.data`,
    [ACCOUNT, JSON.stringify({ ...policy, updated })],
  );
}

/**
 * Records a dunning step of an invoice (`overdue_at` or `ended_at`) unless it was taken before:
 * true when this call recorded it.
 */
export async function recordDunningStep(db: Db, invoiceId: string, step: 'overdue_at' | 'ended_at', at: number): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO invoice_dunning (invoice_id, ${step}) VALUES ($1, $2)
     ON CONFLICT (invoice_id) DO UPDATE SET ${step} = EXCLUDED.${step} WHERE invoice_dunning.${step} IS NULL
     RETURNING invoice_id`,
    [invoiceId, at],
  );
  return rows.length === 1;
}
