// Applies create/update parameters to a product (the parts create and update share).
import type Stripe from 'stripe';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';

export interface PackageDimensionsInput {
  height: number;
  length: number;
  weight: number;
  width: number;
}

export interface ProductFields {
  name?: string;
  active?: boolean;
  description?: string | null;
  images?: string[] | null;
  marketing_features?: Array<{ name: string }> | null;
  metadata?: MetadataInput;
  package_dimensions?: PackageDimensionsInput | null;
  shippable?: boolean;
  statement_descriptor?: string | null;
  tax_code?: string | null;
  tax_details?: { performance_location?: string; tax_code?: string | null } | null;
  unit_label?: string | null;
  url?: string | null;
}

const keep = <T>(input: T | undefined, current: T): T => (input === undefined ? current : input);

export function applyProductFields(p: Stripe.Product, f: ProductFields, now: number): Stripe.Product {
  return {
    ...p,
    name: f.name ?? p.name,
    active: f.active ?? p.active,
    description: keep(f.description, p.description),
    images: f.images === undefined ? p.images : (f.images ?? []),
    marketing_features:
      f.marketing_features === undefined ? p.marketing_features : (f.marketing_features ?? []).map((m) => ({ name: m.name })),
    metadata: mergeMetadata(p.metadata, f.metadata),
    package_dimensions:
      f.package_dimensions === undefined
        ? p.package_dimensions
        : f.package_dimensions && {
            height: f.package_dimensions.height,
            length: f.package_dimensions.length,
            weight: f.package_dimensions.weight,
            width: f.package_dimensions.width,
          },
    shippable: keep(f.shippable, p.shippable),
    statement_descriptor: keep(f.statement_descriptor, p.statement_descriptor ?? null),
    tax_code: keep(f.tax_code, p.tax_code ?? null),
    tax_details:
      f.tax_details === undefined
        ? p.tax_details
        : f.tax_details && {
            performance_location: f.tax_details.performance_location ?? p.tax_details?.performance_location ?? null,
            tax_code: f.tax_details.tax_code === undefined ? (p.tax_details?.tax_code ?? null) : f.tax_details.tax_code,
          },
    unit_label: keep(f.unit_label, p.unit_label ?? null),
    url: keep(f.url, p.url),
    updated: now,
  };
}
