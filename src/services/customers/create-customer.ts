// Creates a customer, with its opening balance, payment method and test clock when given.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { resourceMissing } from '../../core/errors.ts';
import { loadAny } from '../../store/object-registry.ts';
import { applyCustomerFields, type CustomerFields } from './customer-fields.ts';
import { insertCustomer, saveCustomer } from '../../store/customer-store.ts';
import { adjustCustomerBalance } from './adjust-customer-balance.ts';
import { attachPaymentMethod, resolvePaymentMethod } from '../payment-methods/attach-payment-method.ts';
import { addTaxIds } from './customer-tax-ids.ts';
import { contextAt } from '../../store/customer-clock.ts';
import type { TaxIdInput } from '../../domain/tax-ids.ts';

export interface CreateCustomerInput extends CustomerFields {
  balance?: number;
  payment_method?: string;
  tax_id_data?: TaxIdInput[];
  test_clock?: string;
}

const PREFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export async function createCustomer(ctx: ServiceContext, input: CreateCustomerInput): Promise<Stripe.Customer> {
  let created = ctx.clock.now();
  if (input.test_clock) {
    const clock = await loadAny(ctx.db, input.test_clock);
    if (!clock || clock.object !== 'test_helpers.test_clock') throw resourceMissing('test clock', input.test_clock, 'test_clock');
    created = clock.frozen_time as number;
  }
  const id = ctx.ids.next('cus');
  const blank: Stripe.Customer = {
    id,
    object: 'customer',
    address: null,
    balance: 0,
    created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: invoicePrefixFrom(id),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: input.test_clock ?? null,
  };
  let customer = applyCustomerFields(blank, input);
  await insertCustomer(ctx.db, customer);
  const inserted = customer;
  const attached = input.payment_method
    ? await attachPaymentMethod(ctx, input.payment_method, id, { param: 'payment_method', at: created })
    : null;
  const defaultPm = customer.invoice_settings.default_payment_method as string | null;
  if (defaultPm) {
    // A test id (pm_card_visa) becomes a new payment method: the default names that one.
    const pm =
      attached && defaultPm === input.payment_method
        ? attached
        : await resolvePaymentMethod(ctx, defaultPm, id, 'invoice_settings[default_payment_method]', { at: created });
    customer = { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: pm.id } };
  }
  if (input.balance) {
    customer = (await adjustCustomerBalance(ctx, customer, { amount: input.balance, type: 'adjustment', at: created, silent: true })).customer;
  }
  // The common create (no card, no opening balance) is one insert; only a changed row is saved again.
  if (customer !== inserted) await saveCustomer(ctx.db, customer);
  await recordEvent(ctx, 'customer.created', customer, { at: created });
  if (input.tax_id_data?.length)
    await addTaxIds(contextAt(ctx, created), customer, input.tax_id_data, (i) => `tax_id_data[${i}][value]`, { existing: [] });
  return customer;
}

/** A stable 8-character prefix derived from the id, so numbering needs no extra randomness. */
function invoicePrefixFrom(id: string): string {
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < 8; i++) {
    out += PREFIX_ALPHABET[h % PREFIX_ALPHABET.length];
    h = Math.imul(h ^ (i + 31), 2654435761) >>> 0;
  }
  return out;
}
