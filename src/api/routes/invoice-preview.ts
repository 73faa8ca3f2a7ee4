// POST /v1/invoices/create_preview: the next invoice, decided as billing would and built in memory (nothing is written).
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { bool, currency, decimalString, discounts, emptyable, int, list, metadata, oneOf, str, timestamp, z } from '../params.ts';
import { previewInvoice } from '../../services/subscriptions/preview-invoice.ts';
import { billingMode, prorationBehavior, updateItem } from './subscriptions.ts';

const anchor = z.union(
  [
    z.literal('now'),
    z.literal('unchanged'),
    timestamp(),
    z
      .strictObject({ type: oneOf(['now', 'unchanged', 'timestamp']), timestamp: timestamp().optional() })
      .transform((v) => (v.type === 'timestamp' ? (v.timestamp ?? 'unchanged') : v.type)),
  ],
  { error: 'billing_cycle_anchor must be now, unchanged or a timestamp.' },
);

const invoiceItem = z.strictObject({
  amount: int({ min: -100_000_000_000, max: 100_000_000_000 }).optional(),
  currency: currency().optional(),
  description: str().optional(),
  discountable: bool().optional(),
  metadata: metadata().optional(),
  period: z.strictObject({ start: timestamp(), end: timestamp() }).optional(),
  price: str({ min: 1 }).optional(),
  quantity: int({ min: 0 }).optional(),
  tax_rates: emptyable(list(str(), { max: 10 })).optional(),
  unit_amount: int({ min: -100_000_000_000, max: 100_000_000_000 }).optional(),
  unit_amount_decimal: decimalString().optional(),
});

const params = z.strictObject({
  customer: str({ min: 1 }).optional(),
  subscription: str({ min: 1 }).optional(),
  currency: currency().optional(),
  discounts: discounts().optional(),
  invoice_items: list(invoiceItem, { max: 250 }).optional(),
  preview_mode: oneOf(['next', 'recurring']).optional(),
  automatic_tax: z.strictObject({ enabled: bool() }).optional(),
  subscription_details: z
    .strictObject({
      items: list(updateItem(), { max: 20 }).optional(),
      proration_behavior: prorationBehavior().optional(),
      proration_date: timestamp().optional(),
      billing_cycle_anchor: anchor.optional(),
      billing_mode: billingMode().optional(),
      trial_end: z.union([z.literal('now'), timestamp()], { error: 'trial_end must be a Unix timestamp or now.' }).optional(),
      cancel_at: emptyable(timestamp()).optional(),
      cancel_at_period_end: bool().optional(),
      cancel_now: bool().optional(),
      default_tax_rates: emptyable(list(str(), { max: 10 })).optional(),
      metadata: metadata().optional(),
      start_date: timestamp().optional(),
    })
    .optional(),
});

export const invoicePreviewRoutes = [
  route({
    method: 'POST',
    path: '/v1/invoices/create_preview',
    summary: 'Preview the next invoice',
    params,
    handler: (ctx, p) => {
      const { preview_mode: _mode, automatic_tax: _tax, ...rest } = p;
      return previewInvoice(ctx, rest);
    },
  }),
];
