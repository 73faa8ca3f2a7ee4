// The discounts an invoice itself carries (POST /v1/invoices `discounts`): each coupon or
// promotion code becomes a discount (di_) of the invoice and counts one redemption.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { resolveDiscounts, type DiscountInput } from '../coupons/resolve-discounts.ts';
import { recordRedemption } from '../coupons/record-redemption.ts';
import { discountEnd } from '../../domain/discounts.ts';
import { couponTerms, discountIds } from './recompute-invoice.ts';
import { customerIdOf, type Invoice } from './invoice-store.ts';

export type InvoiceDiscountInput = DiscountInput & { discount?: string };

/** Replaces the invoice's own discounts; existing discounts named by id (`discount`) are kept. */
export async function setInvoiceDiscounts(
  ctx: ServiceContext,
  invoice: Invoice,
  inputs: InvoiceDiscountInput[],
  param = 'discounts',
): Promise<Invoice> {
  const now = ctx.clock.now();
  const customerId = customerIdOf(invoice);
  const current = discountIds(invoice.discounts as Array<string | { id: string }>);
  const kept: string[] = [];
  const fresh: Array<{ index: number; input: DiscountInput }> = [];
  for (const [index, input] of inputs.entries()) {
    if (input.discount !== undefined) {
      if (input.coupon !== undefined || input.promotion_code !== undefined)
        throw invalidRequest('Each discount can have only one of coupon, promotion_code or discount.', `${param}[${index}][discount]`);
      const rows = await ctx.db.query('SELECT data FROM discounts WHERE id = $1', [input.discount]);
      const d = rows[0]?.data as Stripe.Discount | undefined;
      if (!d || (d.customer !== null && d.customer !== customerId))
        throw invalidRequest(`No such discount: '${input.discount}'`, `${param}[${index}][discount]`, 'resource_missing');
      kept.push(d.id);
    } else fresh.push({ index, input });
  }
  const resolved = await resolveDiscounts(
    ctx,
    fresh.map((f) => f.input),
    { param, customerId, at: now, currency: invoice.currency },
  );
  const stale = current.filter((id) => !kept.includes(id));
  if (stale.length) await ctx.db.query('DELETE FROM discounts WHERE id = ANY($1) AND invoice_id = $2', [stale, invoice.id]);
  const created: string[] = [];
  for (const r of resolved) {
    const discount: Stripe.Discount = {
      id: ctx.ids.next('di'),
      object: 'discount',
      checkout_session: null,
      customer: customerId,
      customer_account: null,
      end: discountEnd(couponTerms(r.coupon), now),
      invoice: invoice.id,
      invoice_item: null,
      promotion_code: r.promotionCode?.id ?? null,
      source: { coupon: r.coupon.id, type: 'coupon' },
      start: now,
      subscription: null,
      subscription_item: null,
    };
    await ctx.db.query(
      'INSERT INTO discounts (id, created, data) VALUES ($1, $2, $3)',
      [discount.id, now, JSON.stringify(discount)],
    );
    await recordRedemption(ctx, r.coupon, r.promotionCode);
    created.push(discount.id);
  }
  return { ...invoice, discounts: [...kept, ...created] };
}
