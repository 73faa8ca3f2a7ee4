// /v1/credit_notes: create (by lines or amount; refunded, credited to the balance or out of band),
// preview and its lines, retrieve, update (memo, metadata), void, list (customer, invoice), lines.
import { route } from '../route.ts';
import { emptyable, int, list, listParams, metadata, oneOf, str, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { createCreditNote, previewCreditNote, type CreateCreditNoteInput } from '../../services/credit-notes/create-credit-note.ts';
import { updateCreditNote, voidCreditNote } from '../../services/credit-notes/change-credit-note.ts';
import { creditNoteLines, loadCreditNote, pageOfLines } from '../../services/credit-notes/credit-note-store.ts';

const amount = () => int({ min: 0, max: 99_999_999_999 });

const lineParams = z.strictObject({
  type: oneOf(['invoice_line_item', 'custom_line_item']),
  invoice_line_item: str().optional(),
  quantity: int({ min: 1, max: 1_000_000_000 }).optional(),
  amount: amount().optional(),
  unit_amount: amount().optional(),
  description: str({ max: 5000 }).optional(),
  metadata: metadata().optional(),
  // Invoice line items carry the invoice's taxes in proportion; other tax rates are not taken.
  tax_rates: emptyable(list(str(), { max: 0 })).optional(),
});

const createFields = {
  invoice: str(),
  amount: int({ min: 1, max: 99_999_999_999 }).optional(),
  lines: list(lineParams, { max: 500 }).optional(),
  refund_amount: amount().optional(),
  credit_amount: amount().optional(),
  out_of_band_amount: amount().optional(),
  reason: oneOf(['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory']).optional(),
  memo: str({ max: 5000 }).optional(),
  metadata: metadata().optional(),
  email_type: oneOf(['credit_note', 'none']).optional(),
  effective_at: int({ min: 0 }).optional(),
};

type Fields = z.output<z.ZodObject<typeof createFields>>;

const cleanMeta = (m: Record<string, string | null> | null | undefined) =>
  m ? Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')) : undefined;

/** The request as the service takes it (metadata without unset keys; lines without tax_rates, which Recur takes from the invoice). */
function toInput(p: Fields): CreateCreditNoteInput {
  const { email_type: _e, metadata: m, lines, ...rest } = p;
  return {
    ...rest,
    metadata: cleanMeta(m),
    lines: lines?.map(({ tax_rates: _t, metadata: lm, ...l }) => ({ ...l, metadata: cleanMeta(lm) })),
  };
}

export const creditNoteRoutes = [
  route({
    method: 'POST',
    path: '/v1/credit_notes',
    summary: 'Issue a credit note on an open or paid invoice',
    params: z.strictObject(createFields),
    // A refund to the card calls the gateway: the service runs its own transactions around it.
    transaction: false,
    handler: function createCreditNoteRoute(ctx, p) {
      return createCreditNote(ctx, toInput(p));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/credit_notes/preview',
    summary: 'Preview a credit note without issuing it',
    params: z.strictObject(createFields),
    handler: async function previewCreditNoteRoute(ctx, p) {
      return (await previewCreditNote(ctx, toInput(p))).cn;
    },
  }),
  route({
    method: 'GET',
    path: '/v1/credit_notes/preview/lines',
    summary: "A credit note preview's line items",
    params: z.strictObject({ ...createFields, limit: listParams.limit, starting_after: listParams.starting_after, ending_before: listParams.ending_before }),
    handler: async function previewCreditNoteLinesRoute(ctx, p) {
      const { limit, starting_after, ending_before, ...fields } = p;
      const { lines } = await previewCreditNote(ctx, toInput(fields));
      return pageOfLines('/v1/credit_notes/preview/lines', lines, { limit, starting_after, ending_before });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/credit_notes/:id',
    summary: 'Retrieve a credit note',
    params: z.strictObject({}),
    handler: function retrieveCreditNoteRoute(ctx, _p, path) {
      return loadCreditNote(ctx.db, path.id);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/credit_notes/:id/lines',
    summary: "A credit note's line items",
    params: z.strictObject({ limit: listParams.limit, starting_after: listParams.starting_after, ending_before: listParams.ending_before }),
    handler: async function creditNoteLinesRoute(ctx, p, path) {
      return pageOfLines(`/v1/credit_notes/${path.id}/lines`, await creditNoteLines(ctx.db, path.id), p);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/credit_notes/:id',
    summary: "Update a credit note's memo or metadata",
    params: z.strictObject({ memo: emptyable(str({ max: 5000 })).optional(), metadata: metadata().optional() }),
    handler: function updateCreditNoteRoute(ctx, p, path) {
      return updateCreditNote(ctx, path.id, p);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/credit_notes/:id/void',
    summary: 'Void a credit note',
    params: z.strictObject({}),
    handler: function voidCreditNoteRoute(ctx, _p, path) {
      return voidCreditNote(ctx, path.id);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/credit_notes',
    summary: 'List credit notes',
    params: z.strictObject({ ...listParams, customer: str().optional(), invoice: str().optional() }),
    handler: function listCreditNotesRoute(ctx, p) {
      const { customer, invoice, ...page } = p;
      return listEnvelope(
        ctx.db,
        'credit_notes',
        '/v1/credit_notes',
        page,
        [...(customer !== undefined ? [cond('customer_id = ?', customer)] : []), ...(invoice !== undefined ? [cond('invoice_id = ?', invoice)] : [])],
        'credit note',
      );
    },
  }),
];
