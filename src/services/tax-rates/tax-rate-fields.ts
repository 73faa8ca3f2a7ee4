// The descriptive fields a tax rate shares between create and update, and the tax types Stripe names.
import type Stripe from 'stripe';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';

export const TAX_TYPES = [
  'admissions_tax', 'amusement_tax', 'attendance_tax', 'communications_tax', 'digital_excise_tax', 'entertainment_tax',
  'get_fund', 'gross_receipts_tax', 'gst', 'hospitality_tax', 'hst', 'igst', 'jct', 'lease_tax', 'luxury_tax',
  'mass_transit_parking_tax', 'nhil', 'parking_tax', 'pst', 'qst', 'resort_tax', 'retail_delivery_fee', 'rst',
  'sales_tax', 'service_tax', 'tourism_tax', 'utility_users_tax', 'vat',
] as const;

export type TaxType = (typeof TAX_TYPES)[number];

export interface TaxRateFields {
  active?: boolean;
  country?: string | null;
  description?: string | null;
  display_name?: string;
  jurisdiction?: string | null;
  state?: string | null;
  tax_type?: TaxType | null;
  metadata?: MetadataInput;
}

const keep = <T>(input: T | undefined, current: T): T => (input === undefined ? current : input);

export function applyTaxRateFields(t: Stripe.TaxRate, f: TaxRateFields): Stripe.TaxRate {
  return {
    ...t,
    active: keep(f.active, t.active),
    country: f.country === undefined ? t.country : (f.country?.toUpperCase() ?? null),
    description: keep(f.description, t.description),
    display_name: keep(f.display_name, t.display_name),
    jurisdiction: keep(f.jurisdiction, t.jurisdiction),
    state: keep(f.state, t.state),
    tax_type: keep(f.tax_type, t.tax_type),
    metadata: mergeMetadata(t.metadata ?? {}, f.metadata),
  };
}
