// Creates a tax rate: a percentage added to (exclusive) or contained in (inclusive) the amounts it taxes.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { applyTaxRateFields, type TaxRateFields } from './tax-rate-fields.ts';
import { insertTaxRate } from './tax-rate-store.ts';

export interface CreateTaxRateInput extends TaxRateFields {
  display_name: string;
  /** A decimal string, 0 ≤ p ≤ 100. */
  percentage: string;
  inclusive: boolean;
}

export async function createTaxRate(ctx: ServiceContext, input: CreateTaxRateInput): Promise<Stripe.TaxRate> {
  const percentage = Number(input.percentage);
  if (!(percentage >= 0 && percentage <= 100))
    throw invalidRequest('percentage must be between 0 and 100.', 'percentage');
  const blank: Stripe.TaxRate = {
    id: ctx.ids.next('txr'),
    object: 'tax_rate',
    active: true,
    country: null,
    created: ctx.clock.now(),
    description: null,
    display_name: input.display_name,
    effective_percentage: percentage,
    flat_amount: null,
    inclusive: input.inclusive,
    jurisdiction: null,
    jurisdiction_level: null,
    livemode: false,
    metadata: {},
    percentage,
    rate_type: 'percentage',
    state: null,
    tax_type: null,
  };
  const taxRate = applyTaxRateFields(blank, input);
  await insertTaxRate(ctx.db, taxRate);
  await recordEvent(ctx, 'tax_rate.created', taxRate);
  return taxRate;
}
