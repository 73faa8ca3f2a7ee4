// Credit follows its invoices: when an invoice that used credit is voided, each application is
// given back to its grant as a `credits_application_invoice_voided` credit transaction.
import type Stripe from 'stripe';
import type { BillingHooks, ServiceContext } from '../../core/context.ts';
import { insertObject } from '../../store/objects.ts';
import type { CreditBalanceTransaction } from './credit-grant-store.ts';

async function giveBackCredit(ctx: ServiceContext, invoices: Stripe.Invoice[]): Promise<void> {
  const rows = await ctx.db.query(
    `SELECT t.data, t.customer_id, t.credit_grant_id, t.amount FROM credit_balance_transactions t
      WHERE t.customer_id = ANY($1) AND t.data->'debit'->'credits_applied'->>'invoice' = ANY($2) AND t.amount < 0
      ORDER BY t.seq`,
    [[...new Set(invoices.map((i) => (typeof i.customer === 'string' ? i.customer : i.customer!.id)))], invoices.map((i) => i.id)],
  );
  const now = ctx.clock.now();
  for (const r of rows) {
    const applied = r.data as CreditBalanceTransaction;
    const t: CreditBalanceTransaction = {
      ...applied,
      id: ctx.ids.next('cbtxn'),
      created: now,
      effective_at: now,
      type: 'credit',
      debit: null,
      credit: {
        amount: applied.debit!.amount,
        credits_application_invoice_voided: { invoice: applied.debit!.credits_applied!.invoice, invoice_line_item: applied.debit!.credits_applied!.invoice_line_item },
        type: 'credits_application_invoice_voided',
      },
    };
    await insertObject(ctx.db, 'credit_balance_transactions', t, { customer_id: r.customer_id, credit_grant_id: r.credit_grant_id, amount: -Number(r.amount) });
  }
}

export function addCreditHooks(hooks: BillingHooks): void {
  hooks.invoiceVoided.push(giveBackCredit);
}
