// Loading and saving credit grants and writing their balance transactions; a grant's remaining
// amount is the sum of its transactions.
import type Stripe from 'stripe';
import type { Db } from '../../core/db.ts';
import type { IdGenerator } from '../../core/ids.ts';
import { resourceMissing } from '../../core/errors.ts';
import { insertObject, updateObject } from '../../store/objects.ts';

export type CreditGrant = Stripe.Billing.CreditGrant;
export type CreditBalanceTransaction = Stripe.Billing.CreditBalanceTransaction;

export const customerOfGrant = (g: CreditGrant): string => (typeof g.customer === 'string' ? g.customer : g.customer.id);

export const insertCreditGrant = (db: Db, g: CreditGrant) => insertObject(db, 'credit_grants', g, { customer_id: customerOfGrant(g) });
export const saveCreditGrant = (db: Db, g: CreditGrant) => updateObject(db, 'credit_grants', g);

export async function loadCreditGrant(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<CreditGrant> {
  const rows = await db.query(`SELECT data FROM credit_grants WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw resourceMissing('credit grant', id);
  return rows[0].data as CreditGrant;
}

/** Remaining amount of each grant, by id. */
export async function remainingOf(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await db.query('SELECT credit_grant_id, sum(amount)::bigint AS n FROM credit_balance_transactions WHERE credit_grant_id = ANY($1) GROUP BY 1', [ids]);
  return new Map(ids.map((id) => [id, Number(rows.find((r) => r.credit_grant_id === id)?.n ?? 0)]));
}

/** The customer's grants, locked (applying credit must not race another application). */
export async function customerGrants(db: Db, customerId: string, opts: { forUpdate?: boolean } = {}): Promise<CreditGrant[]> {
  const rows = await db.query(`SELECT data FROM credit_grants WHERE customer_id = $1 ORDER BY id${opts.forUpdate ? ' FOR UPDATE' : ''}`, [customerId]);
  return rows.map((r) => r.data as CreditGrant);
}

export interface BalanceEntry {
  grant: CreditGrant;
  /** + granted, − applied/voided/expired. */
  amount: number;
  at: number;
  created: number;
  kind: 'credits_granted' | 'credits_applied' | 'credits_voided' | 'credits_expired';
  applied?: { invoice: string; invoice_line_item: string };
}

export async function recordBalanceTransaction(db: Db, ids: IdGenerator, e: BalanceEntry): Promise<CreditBalanceTransaction> {
  const monetary = { currency: e.grant.amount.monetary!.currency, value: Math.abs(e.amount) };
  const t: CreditBalanceTransaction = {
    id: ids.next('cbtxn'),
    object: 'billing.credit_balance_transaction',
    created: e.created,
    credit:
      e.kind === 'credits_granted' ? { amount: { monetary, type: 'monetary' }, credits_application_invoice_voided: null, type: 'credits_granted' } : null,
    credit_grant: e.grant.id,
    debit:
      e.kind === 'credits_granted'
        ? null
        : { amount: { monetary, type: 'monetary' }, credits_applied: e.applied ?? null, type: e.kind },
    effective_at: e.at,
    livemode: false,
    test_clock: e.grant.test_clock,
    type: e.kind === 'credits_granted' ? 'credit' : 'debit',
  };
  await insertObject(db, 'credit_balance_transactions', t, { customer_id: customerOfGrant(e.grant), credit_grant_id: e.grant.id, amount: e.amount });
  return t;
}
