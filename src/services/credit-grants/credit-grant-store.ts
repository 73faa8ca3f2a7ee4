// Loading and saving credit grants and writing their balance transactions (each with its event); a
// grant's remaining amount is the sum of its transactions. The row's next_action_at is its expiry.
import type Stripe from 'stripe';
import type { Db } from '../../core/db.ts';
import { resourceMissing } from '../../core/errors.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { recordEvent } from '../../events/record-event.ts';
import { expiryDue } from '../../domain/usage/credit-expiry.ts';

export type CreditGrant = Stripe.Billing.CreditGrant;
export type CreditBalanceTransaction = Stripe.Billing.CreditBalanceTransaction;

export const customerOfGrant = (g: CreditGrant): string => (typeof g.customer === 'string' ? g.customer : g.customer.id);

export const insertCreditGrant = (db: Db, g: CreditGrant) =>
  insertObject(db, 'credit_grants', g, { customer_id: customerOfGrant(g), next_action_at: expiryDue({ expiresAt: g.expires_at, voided: g.voided_at !== null }) });
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
  /** + credited (granted, given back by a voided invoice), − debited (applied, voided, expired). */
  amount: number;
  at: number;
  created: number;
  kind: 'credits_granted' | 'credits_application_invoice_voided' | 'credits_applied' | 'credits_voided' | 'credits_expired';
  /** The invoice line the credit was applied to (credits_applied) or given back from (credits_application_invoice_voided). */
  invoiceLine?: { invoice: string; invoice_line_item: string };
}

type EventContext = Parameters<typeof recordEvent>[0];

function balanceTransaction(id: string, e: BalanceEntry): CreditBalanceTransaction {
  const amount = { monetary: { currency: e.grant.amount.monetary!.currency, value: Math.abs(e.amount) }, type: 'monetary' as const };
  const line = e.invoiceLine ?? null;
  const credit = e.kind === 'credits_granted' || e.kind === 'credits_application_invoice_voided';
  return {
    id,
    object: 'billing.credit_balance_transaction',
    created: e.created,
    credit: credit ? { amount, credits_application_invoice_voided: e.kind === 'credits_application_invoice_voided' ? line : null, type: e.kind } : null,
    credit_grant: e.grant.id,
    debit: credit ? null : { amount, credits_applied: e.kind === 'credits_applied' ? line : null, type: e.kind },
    effective_at: e.at,
    livemode: false,
    test_clock: e.grant.test_clock,
    type: credit ? 'credit' : 'debit',
  };
}

/**
 * Writes a balance transaction and its `billing.credit_balance_transaction.created` event. With
 * `once`, a second one the database's unique keys refuse (a grant expires once) writes nothing: null.
 */
async function writeBalanceTransaction(ctx: EventContext, e: BalanceEntry, once: boolean): Promise<CreditBalanceTransaction | null> {
  const t = balanceTransaction(ctx.ids.next('cbtxn'), e);
  const customer = customerOfGrant(e.grant);
  const rows = await ctx.db.query(
    `INSERT INTO credit_balance_transactions (id, created, data, customer_id, credit_grant_id, amount) VALUES ($1, $2, $3, $4, $5, $6)
     ${once ? 'ON CONFLICT DO NOTHING ' : ''}RETURNING id`,
    [t.id, t.created, JSON.stringify(t), customer, e.grant.id, e.amount],
  );
  if (!rows.length) return null;
  await recordEvent(ctx, 'billing.credit_balance_transaction.created', t, { customerId: customer, at: e.created });
  return t;
}

export const recordBalanceTransaction = async (ctx: EventContext, e: BalanceEntry): Promise<CreditBalanceTransaction> => (await writeBalanceTransaction(ctx, e, false))!;

/** The grant's `credits_expired` debit, unless it has one already (then null). */
export const recordExpiryOnce = (ctx: EventContext, grant: CreditGrant, amount: number, at: number, created: number) =>
  writeBalanceTransaction(ctx, { grant, amount: -amount, at, created, kind: 'credits_expired' }, true);

/** When the engine next looks at the grant (its expiry), or never (null). */
export async function scheduleCreditGrant(db: Db, id: string, at: number | null): Promise<void> {
  await db.query('UPDATE credit_grants SET next_action_at = $2 WHERE id = $1', [id, at]);
}
