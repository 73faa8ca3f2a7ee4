// Deleting a test clock deletes its customers and everything they own.
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { markDeleted } from '../../store/objects.ts';
import { loadTestClock } from './test-clock-store.ts';

/** Customer-owned tables, children before parents. */
const OWNED: Array<[table: string, column: string]> = [
  ['invoice_payments', 'customer_id'],
  ['invoice_lines', 'customer_id'],
  ['invoice_items', 'customer_id'],
  ['discounts', 'customer_id'],
  ['charges', 'customer_id'],
  ['payment_intents', 'customer_id'],
  ['billing_alert_triggers', 'customer_id'],
  ['usage_allowances', 'customer_id'],
  ['credit_balance_transactions', 'customer_id'],
  ['credit_grants', 'customer_id'],
  ['usage_totals', 'customer_id'],
  ['subscription_items', 'customer_id'],
  ['invoices', 'customer_id'],
  ['subscriptions', 'customer_id'],
  ['payment_methods', 'customer_id'],
  ['customer_balance_transactions', 'customer_id'],
  ['customer_tax_ids', 'customer_id'],
];

export async function deleteTestClock(ctx: ServiceContext, id: string): Promise<{ id: string; object: 'test_helpers.test_clock'; deleted: true }> {
  const clock = await loadTestClock(ctx.db, id, { forUpdate: true });
  const customers = (await ctx.db.query('SELECT id FROM customers WHERE test_clock = $1', [id])).map((r) => r.id as string);
  if (customers.length) {
    await ctx.usage.forgetCustomers(ctx.db, customers);
    for (const [table, column] of OWNED) await ctx.db.query(`DELETE FROM ${table} WHERE ${column} = ANY($1)`, [customers]);
    await markDeleted(ctx.db, 'customers', customers);
  }
  await ctx.db.query('DELETE FROM test_clocks WHERE id = $1', [id]);
  await recordEvent(ctx, 'test_helpers.test_clock.deleted', clock);
  return { id, object: 'test_helpers.test_clock', deleted: true };
}
