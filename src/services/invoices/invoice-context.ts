// API commands on an invoice act on its customer's time (a test clock's frozen time, if any).
import type { ServiceContext } from '../../core/context.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { loadInvoice } from './invoice-store.ts';

export async function invoiceContext(ctx: ServiceContext, id: string): Promise<ServiceContext> {
  const invoice = await loadInvoice(ctx.db, id);
  return contextForCustomer(ctx, { test_clock: invoice.test_clock });
}
