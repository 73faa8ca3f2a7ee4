// Builds the PaymentMethod object and applies the fields create and update share (billing details, metadata).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { toAddress, type AddressInput } from '../customers/customer-fields.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';

export interface BillingDetailsInput {
  address?: AddressInput | null;
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  tax_id?: string | null;
}

export type AllowRedisplay = 'always' | 'limited' | 'unspecified';

export interface PaymentMethodFields {
  billing_details?: BillingDetailsInput | null;
  metadata?: MetadataInput;
  allow_redisplay?: AllowRedisplay;
}

const EMPTY_BILLING: Stripe.PaymentMethod.BillingDetails = { address: null, email: null, name: null, phone: null, tax_id: null };

/** Each given field replaces its value ('' clears it); the address merges field by field. */
export function applyBillingDetails(
  current: Stripe.PaymentMethod.BillingDetails,
  input: BillingDetailsInput | null | undefined,
): Stripe.PaymentMethod.BillingDetails {
  if (input === undefined) return current;
  if (input === null) return EMPTY_BILLING;
  const keep = <T>(v: T | undefined, c: T): T => (v === undefined ? c : v);
  return {
    address: input.address === undefined ? current.address : toAddress(input.address, current.address),
    email: keep(input.email, current.email),
    name: keep(input.name, current.name),
    phone: keep(input.phone, current.phone),
    tax_id: keep(input.tax_id, current.tax_id),
  };
}

export function applyPaymentMethodFields(pm: Stripe.PaymentMethod, f: PaymentMethodFields): Stripe.PaymentMethod {
  return {
    ...pm,
    allow_redisplay: f.allow_redisplay ?? pm.allow_redisplay,
    billing_details: applyBillingDetails(pm.billing_details, f.billing_details),
    metadata: mergeMetadata(pm.metadata ?? {}, f.metadata),
  };
}

/** A new, unattached card payment method. */
export function newCardPaymentMethod(
  ctx: Pick<ServiceContext, 'ids'>,
  card: Stripe.PaymentMethod.Card,
  created: number,
  fields: PaymentMethodFields = {},
): Stripe.PaymentMethod {
  const blank: Stripe.PaymentMethod = {
    id: ctx.ids.next('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: EMPTY_BILLING,
    card,
    created,
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
  return applyPaymentMethodFields(blank, fields);
}
