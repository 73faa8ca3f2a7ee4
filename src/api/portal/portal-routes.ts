// The portal's own endpoints (/v1/recur/portal/*): the browser presents the session's secret in a
// header (never a cookie, so no other site can make it act), and sees and changes only that
// customer's objects. The hosted invoice page (/v1/recur/hosted_invoices/*) and the invoice PDF
// (/invoices/:id/pdf) and the credit note PDF (/credit_notes/:id/pdf) are opened by the invoice's own unguessable id, as Stripe's links are.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../core/context.ts';
import { openPortal } from '../../services/billing-portal/portal-sessions.ts';
import {
  cancelOwnSubscription,
  payOwnInvoice,
  portalOverview,
  replaceCard,
  resumeOwnSubscription,
  switchOwnPlan,
  updateBillingDetails,
} from '../../services/billing-portal/portal-actions.ts';
import { loadInvoiceDocument, renderInvoicePdf } from '../../services/documents/invoice-pdf.ts';
import { loadCreditNoteDocument, renderCreditNotePdf } from '../../services/documents/credit-note-pdf.ts';
import { payHostedInvoice } from '../../services/documents/hosted-invoice.ts';
import { parseParams, str, z, int } from '../params.ts';

export const PORTAL_HEADER = 'x-recur-portal-session';

const card = z.strictObject({
  number: str({ max: 30 }),
  exp_month: int({ min: 1, max: 12 }),
  exp_year: int({ min: 2000, max: 2200 }),
  cvc: str({ max: 4 }).optional(),
});

/** A paying result: the invoice, or the decline as Stripe states it (402). */
function paymentAnswer(reply: FastifyReply, attempt: { invoice: any; error: { code: string; message: string; decline_code?: string } | null }) {
  if (!attempt.error) return attempt.invoice;
  reply.status(402);
  return { error: { type: 'card_error', code: attempt.error.code, decline_code: attempt.error.decline_code, message: attempt.error.message } };
}

export function portalRoutes(context: ServiceContext) {
  const access = (req: FastifyRequest) => openPortal(context.db, context.clock.now(), req.headers[PORTAL_HEADER] as string | undefined);
  const body = (req: FastifyRequest) => (req.body && typeof req.body === 'object' ? req.body : {});
  const id = (req: FastifyRequest) => (req.params as { id: string }).id;

  async function portalOverviewRoute(req: FastifyRequest) {
    return portalOverview(context, await access(req));
  }
  async function portalCardRoute(req: FastifyRequest) {
    const a = await access(req);
    return replaceCard(context, a, parseParams(z.strictObject({ card }), body(req)).card);
  }
  async function portalPayRoute(req: FastifyRequest, reply: FastifyReply) {
    return paymentAnswer(reply, await payOwnInvoice(context, await access(req), id(req)));
  }
  async function portalDetailsRoute(req: FastifyRequest) {
    const a = await access(req);
    const p = parseParams(
      z.strictObject({
        name: str({ max: 256 }).optional(),
        email: str({ max: 512 }).optional(),
        phone: str({ max: 20 }).optional(),
        address: z
          .strictObject({ line1: str().optional(), line2: str().optional(), city: str().optional(), postal_code: str().optional(), state: str().optional(), country: str({ max: 2 }).optional() })
          .optional(),
      }),
      body(req),
    );
    return updateBillingDetails(context, a, p as any);
  }
  async function portalCancelRoute(req: FastifyRequest) {
    return cancelOwnSubscription(context, await access(req), id(req));
  }
  async function portalResumeRoute(req: FastifyRequest) {
    return resumeOwnSubscription(context, await access(req), id(req));
  }
  async function portalSwitchRoute(req: FastifyRequest) {
    const a = await access(req);
    return switchOwnPlan(context, a, id(req), parseParams(z.strictObject({ price: str() }), body(req)).price);
  }
  async function hostedInvoiceRoute(req: FastifyRequest) {
    const { seller, customer, invoice, lines } = await loadInvoiceDocument(context.db, id(req));
    return { object: 'recur.hosted_invoice', invoice, lines, seller, customer: { name: customer?.name ?? null, email: customer?.email ?? null } };
  }
  async function hostedPayRoute(req: FastifyRequest, reply: FastifyReply) {
    return paymentAnswer(reply, await payHostedInvoice(context, id(req), parseParams(z.strictObject({ card }), body(req)).card));
  }
  async function invoicePdfRoute(req: FastifyRequest, reply: FastifyReply) {
    const doc = await loadInvoiceDocument(context.db, id(req));
    const pdf = await renderInvoicePdf(doc);
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="invoice-${doc.invoice.number ?? doc.invoice.id}.pdf"`)
      .send(pdf);
  }
  async function creditNotePdfRoute(req: FastifyRequest, reply: FastifyReply) {
    const doc = await loadCreditNoteDocument(context.db, id(req));
    const pdf = await renderCreditNotePdf(doc);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="credit-note-${doc.creditNote.number}.pdf"`).send(pdf);
  }

  return (app: FastifyInstance) => {
    app.get('/v1/recur/portal', portalOverviewRoute);
    app.post('/v1/recur/portal/payment_methods', portalCardRoute);
    app.post('/v1/recur/portal/invoices/:id/pay', portalPayRoute);
    app.post('/v1/recur/portal/customer', portalDetailsRoute);
    app.post('/v1/recur/portal/subscriptions/:id/cancel', portalCancelRoute);
    app.post('/v1/recur/portal/subscriptions/:id/resume', portalResumeRoute);
    app.post('/v1/recur/portal/subscriptions/:id/switch', portalSwitchRoute);
    app.get('/v1/recur/hosted_invoices/:id', hostedInvoiceRoute);
    app.post('/v1/recur/hosted_invoices/:id/pay', hostedPayRoute);
    app.get('/invoices/:id/pdf', invoicePdfRoute);
    app.get('/credit_notes/:id/pdf', creditNotePdfRoute);
  };
}
