// The key that names each invoice a subscription or a request creates (stored as
// billing_period_key, unique per subscription, or per customer without one): a second attempt to
// create the same invoice hits the unique index instead of making a duplicate.

type InvoiceRef = string | { id: string } | null;

const idOf = (ref: InvoiceRef): string => (ref === null ? '' : typeof ref === 'string' ? ref : ref.id);

/** A first or renewal invoice: the start of the period it bills. */
export const periodKey = (periodStart: number): string => String(periodStart);

/**
 * An invoice a change makes at once (always_invoice prorations, a billing cycle anchor reset): the
 * change's instant and the subscription's latest invoice before it. Two changes at one instant
 * (a frozen test clock) differ by that latest invoice; a stale or replayed copy of the same change
 * repeats both and collides.
 */
export const changeKey = (kind: 'proration' | 'anchor', at: number, latestInvoice: InvoiceRef): string =>
  `${kind}:${at}:${idOf(latestInvoice)}`;

/** The final invoice of a cancellation with invoice_now: a subscription ends once. */
export const cancellationKey = (): string => 'cancel';

/** A manual invoice: the request's Idempotency-Key, when it has one (without one, every request is new). */
export const manualKey = (idempotencyKey: string | undefined): string | null =>
  idempotencyKey === undefined ? null : `manual:${idempotencyKey}`;
