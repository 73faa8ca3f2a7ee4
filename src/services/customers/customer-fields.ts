// Applies create/update parameters to a customer object (the parts create and update share).
import type Stripe from 'stripe';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';

export interface AddressInput {
  city?: string | null;
  country?: string | null;
  line1?: string | null;
  line2?: string | null;
  postal_code?: string | null;
  state?: string | null;
}

export interface CustomerFields {
  address?: AddressInput | null;
  description?: string | null;
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  metadata?: MetadataInput;
  invoice_prefix?: string | null;
  preferred_locales?: string[] | null;
  tax_exempt?: 'none' | 'exempt' | 'reverse' | null;
  next_invoice_sequence?: number;
  shipping?: { name: string; phone?: string | null; address: AddressInput } | null;
  invoice_settings?: {
    default_payment_method?: string | null;
    footer?: string | null;
    custom_fields?: Array<{ name: string; value: string }> | null;
    rendering_options?: { amount_tax_display?: string | null; template?: string | null } | null;
  };
}

export function toAddress(a: AddressInput | null | undefined, current?: Stripe.Address | null): Stripe.Address | null {
  if (a === null) return null;
  if (a === undefined) return current ?? null;
  const base = current ?? { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
  const pick = (k: keyof AddressInput) => (a[k] === undefined ? base[k] : (a[k] ?? null));
  return {
    city: pick('city'),
    country: pick('country'),
    line1: pick('line1'),
    line2: pick('line2'),
    postal_code: pick('postal_code'),
    state: pick('state'),
  };
}

const keep = <T>(input: T | undefined, current: T): T => (input === undefined ? current : input);

export function applyCustomerFields(c: Stripe.Customer, f: CustomerFields): Stripe.Customer {
  const inv = f.invoice_settings;
  return {
    ...c,
    address: f.address === undefined ? (c.address ?? null) : toAddress(f.address, c.address),
    description: keep(f.description, c.description),
    email: keep(f.email, c.email),
    name: keep(f.name, c.name ?? null),
    phone: keep(f.phone, c.phone ?? null),
    metadata: mergeMetadata(c.metadata, f.metadata),
    invoice_prefix: f.invoice_prefix ?? c.invoice_prefix,
    preferred_locales: f.preferred_locales === undefined ? c.preferred_locales : (f.preferred_locales ?? []),
    tax_exempt: f.tax_exempt === undefined ? c.tax_exempt : (f.tax_exempt ?? 'none'),
    next_invoice_sequence: f.next_invoice_sequence ?? c.next_invoice_sequence,
    shipping:
      f.shipping === undefined
        ? c.shipping
        : f.shipping === null
          ? null
          : {
              name: f.shipping.name,
              phone: f.shipping.phone ?? null,
              address: toAddress(f.shipping.address) as Stripe.Address,
              carrier: null,
              tracking_number: null,
            },
    invoice_settings: {
      custom_fields: inv?.custom_fields === undefined ? c.invoice_settings.custom_fields : inv.custom_fields,
      default_payment_method: keep(inv?.default_payment_method, c.invoice_settings.default_payment_method),
      footer: keep(inv?.footer, c.invoice_settings.footer),
      rendering_options:
        inv?.rendering_options === undefined
          ? c.invoice_settings.rendering_options
          : inv.rendering_options === null
            ? null
            : {
                amount_tax_display: inv.rendering_options.amount_tax_display ?? null,
                template: inv.rendering_options.template ?? null,
              },
    },
  };
}
