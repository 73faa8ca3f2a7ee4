// /v1/invoices: create, retrieve, update, delete, finalize, pay, void, mark_uncollectible, send,
// list, search and lines.
import type { Db } from '../../store/db.ts';
import type { ServiceContext } from '../../core/context.ts';
import { route } from '../route.ts';
import { bool, currency, discounts, emptyable, int, list, listParams, metadata, oneOf, rangeQuery, searchParams, str, timestamp, z } from '../params.ts';
import { cardDeclined, invalidRequest } from '../../core/errors.ts';
import { equalTo, listEnvelope, rangeConditions } from '../../store/list.ts';
import { createdField, dataText, searchEnvelope } from '../search/compile.ts';
import { loadInvoice } from '../../services/invoices/invoice-store.ts';
import { listInvoiceLines } from '../../services/invoices/list-invoice-lines.ts';
import { createManualInvoice } from '../../services/invoices/create-manual-invoice.ts';
import { updateDraftInvoice } from '../../services/invoices/update-draft-invoice.ts';
import { deleteDraftInvoice } from '../../services/invoices/delete-draft-invoice.ts';
import { finalizeWithAttempt } from '../../services/invoices/finalize-invoice.ts';
import { INVOICE_REQUIRES_ACTION, intentAwaitingAction, payInvoiceNow } from '../../services/invoices/pay-invoice.ts';
import { withPaymentAttempts } from '../../services/invoices/with-payment-attempts.ts';
import { voidInvoice } from '../../services/invoices/void-invoice.ts';
import { markInvoiceUncollectible } from '../../services/invoices/mark-invoice-uncollectible.ts';
import { sendInvoice } from '../../services/invoices/send-invoice.ts';
import { invoiceContext } from '../../services/invoices/invoice-context.ts';
import type { PaymentAttempt } from '../../services/invoices/attempt-invoice-payment.ts';

const editable = {
  auto_advance: bool().optional(),
  automatically_finalizes_at: timestamp().optional(),
  collection_method: oneOf(['charge_automatically', 'send_invoice']).optional(),
  days_until_due: int({ min: 0, max: 3650 }).optional(),
  description: emptyable(str({ max: 1500 })).optional(),
  footer: emptyable(str({ max: 5000 })).optional(),
  metadata: metadata().optional(),
  discounts: discounts().optional(),
};

const createParams = z.strictObject({
  ...editable,
  customer: str(),
  currency: currency().optional(),
  due_date: timestamp().optional(),
  default_payment_method: str().optional(),
  default_tax_rates: list(str(), { max: 5 }).optional(),
  pending_invoice_items_behavior: oneOf(['include', 'exclude']).optional(),
  subscription: str().optional(),
});

const updateParams = z.strictObject({
  ...editable,
  due_date: emptyable(timestamp()).optional(),
  default_payment_method: emptyable(str()).optional(),
  default_tax_rates: emptyable(list(str(), { max: 5 })).optional(),
});

const searchable = {
  customer: dataText('customer'),
  status: dataText('status'),
  subscription: { sql: '(subscription_id)', type: 'string' as const },
  number: dataText('number'),
  currency: dataText('currency'),
  total: { sql: `((data->>'total')::bigint)`, type: 'number' as const },
  ...createdField,
};

/**
 * Pay and finalize commit the attempt (attempt_count, the failed charge, events) even when the
 * card is declined; the decline is then the answer, as Stripe gives it.
 */
async function answer(db: Db, attempt: PaymentAttempt) {
  const e = attempt.error;
  if (!e) return attempt.invoice;
  if (e.code === 'resource_missing' || !e.charge) throw invalidRequest(e.message, undefined, e.code);
  // A card that needs 3-D Secure: Stripe answers with the intent the customer completes it on.
  const waiting = await intentAwaitingAction(db, e.charge);
  if (waiting) throw cardDeclined(INVOICE_REQUIRES_ACTION.message, INVOICE_REQUIRES_ACTION.code, undefined, { payment_intent: waiting });
  throw cardDeclined(e.message, e.code, e.decline_code, { charge: e.charge });
}

/** A command on one invoice that takes no parameters, run on its customer's clock: `DELETE /v1/invoices/:id`, `POST …/:id/void`. */
const invoiceCommand = (method: 'POST' | 'DELETE', action: string, summary: string, command: (ctx: ServiceContext, id: string) => Promise<unknown>) =>
  route({
    method,
    path: `/v1/invoices/:id${action}`,
    summary,
    params: z.strictObject({}),
    handler: async (ctx, _p, path) => command(await invoiceContext(ctx, path.id), path.id),
  });

export const invoiceRoutes = [
  route({
    method: 'POST',
    path: '/v1/invoices',
    summary: 'Create a draft invoice',
    params: createParams,
    handler: (ctx, p) => createManualInvoice(ctx, p),
  }),
  route({
    method: 'GET',
    path: '/v1/invoices/search',
    summary: 'Search invoices',
    params: z.strictObject(searchParams),
    handler: (ctx, p) => searchEnvelope(ctx.db, 'invoices', '/v1/invoices/search', p, searchable),
  }),
  route({
    method: 'GET',
    path: '/v1/invoices/:id',
    summary: 'Retrieve an invoice',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadInvoice(ctx.db, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/invoices/:id',
    summary: 'Update an invoice',
    params: updateParams,
    handler: async (ctx, p, path) => updateDraftInvoice(await invoiceContext(ctx, path.id), path.id, p),
  }),
  invoiceCommand('DELETE', '', 'Delete a draft invoice', deleteDraftInvoice),
  route({
    method: 'POST',
    path: '/v1/invoices/:id/finalize',
    summary: 'Finalize a draft invoice',
    params: z.strictObject({ auto_advance: bool().optional() }),
    // A charge is made after the finalization commits (the attempt protocol), then the invoice is read back.
    transaction: false,
    handler: async (ctx, p, path) => {
      await withPaymentAttempts(ctx, async (tx) => {
        const c = await invoiceContext(tx, path.id);
        const draft = await loadInvoice(c.db, path.id);
        if (p.auto_advance !== undefined && draft.status === 'draft') await updateDraftInvoice(c, path.id, { auto_advance: p.auto_advance });
        // Auto-advancing invoices are charged right away (Stripe does it shortly after finalization).
        const attemptPayment = p.auto_advance ?? draft.auto_advance ?? false;
        return finalizeWithAttempt(c, path.id, { attemptPayment });
      });
      return loadInvoice(ctx.db, path.id);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/invoices/:id/pay',
    summary: 'Pay an invoice',
    params: z.strictObject({
      paid_out_of_band: bool().optional(),
      payment_method: str().optional(),
      forgive: bool().optional(),
      off_session: bool().optional(),
    }),
    transaction: false,
    // The service commits the attempt before calling the gateway and records the outcome after.
    handler: async (ctx, p, path) =>
      answer(ctx.db, await payInvoiceNow(ctx, path.id, { paid_out_of_band: p.paid_out_of_band, payment_method: p.payment_method })),
  }),
  invoiceCommand('POST', '/void', 'Void an invoice', voidInvoice),
  invoiceCommand('POST', '/mark_uncollectible', 'Mark an invoice uncollectible', markInvoiceUncollectible),
  invoiceCommand('POST', '/send', 'Send an invoice for manual payment', sendInvoice),
  route({
    method: 'GET',
    path: '/v1/invoices/:id/lines',
    summary: "Retrieve an invoice's line items",
    params: z.strictObject({ limit: listParams.limit, starting_after: listParams.starting_after, ending_before: listParams.ending_before }),
    handler: (ctx, p, path) => listInvoiceLines(ctx.db, path.id, p),
  }),
  route({
    method: 'GET',
    path: '/v1/invoices',
    summary: 'List invoices',
    params: z.strictObject({
      ...listParams,
      customer: str().optional(),
      subscription: str().optional(),
      status: oneOf(['draft', 'open', 'paid', 'uncollectible', 'void']).optional(),
      collection_method: oneOf(['charge_automatically', 'send_invoice']).optional(),
      due_date: rangeQuery().optional(),
    }),
    handler: (ctx, p) =>
      listEnvelope(
        ctx.db,
        'invoices',
        '/v1/invoices',
        p,
        [
          ...equalTo('customer_id', p.customer),
          ...equalTo('subscription_id', p.subscription),
          ...equalTo('status', p.status),
          ...equalTo('collection_method', p.collection_method),
          ...rangeConditions('due_date', p.due_date),
        ],
        'invoice',
      ),
  }),
];
