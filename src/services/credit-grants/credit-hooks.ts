// Credit follows its invoices: when an invoice that used credit is voided, each application is
// given back to its grant as a `credits_application_invoice_voided` credit transaction.
import type Stripe from 'stripe';
import type { BillingHooks, ServiceContext } from '../../core/context.ts';
import { recordBalanceTransaction, type CreditBalanceTransaction, type CreditGrant } from './credit-grant-store.ts';

async function giveBackCredit(ctx: ServiceContext, invoices: Stripe.Invoice[]): Promise<void> {
  const rows = await ctx.db.query(
    `SELECT t.data, g.data AS grant FROM credit_balance_transactions t JOIN credit_grants g ON g.id = t.credit_grant_id
      WHERE t.customer_id = ANY($1) AND t.data->'debit'->'credits_applied'->>'invoice' = ANY($2) AND t.amount < 0
      ORDER BY t.seq`,
    [[...new Set(invoices.map((i) => (typeof i.customer === 'string' ? i.customer : i.customer!.id)))], invoices.map((i) => i.id)],
  );
  const now = ctx.clock.now();
  for (const r of rows) {
    const applied = (r.data as CreditBalanceTransaction).debit!;
    const line = applied.credits_applied!;
    await recordBalanceTransaction(ctx, {
      grant: r.grant as CreditGrant,
      amount: applied.amount.monetary!.value,
      at: now,
      created: now,
      kind: 'credits_application_invoice_voided',
      invoiceLine: { invoice: line.invoice as string, invoice_line_item: line.invoice_line_item },
    });
  }
}

export function addCreditHooks(hooks: BillingHooks): void {
  hooks.invoiceVoided.push(giveBackCredit);
}
