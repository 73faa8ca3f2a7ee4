// What a request says about a price, as validated by the route schemas; shared by price creation,
// a product's default_price_data and currency_options. `ParamName` prefixes error params when the
// spec is nested (default_price_data[unit_amount], currency_options[eur][tiers][0][up_to]).
import type { MetadataInput } from '../../domain/metadata.ts';

export type TaxBehavior = 'inclusive' | 'exclusive' | 'unspecified';

export interface TierInput {
  up_to: number | 'inf';
  flat_amount?: number;
  flat_amount_decimal?: string;
  unit_amount?: number;
  unit_amount_decimal?: string;
}

export interface CustomUnitAmountInput {
  enabled: boolean;
  maximum?: number;
  minimum?: number;
  preset?: number;
}

export interface CurrencyOptionInput {
  custom_unit_amount?: CustomUnitAmountInput;
  tax_behavior?: TaxBehavior;
  tiers?: TierInput[];
  unit_amount?: number;
  unit_amount_decimal?: string;
}

export interface RecurringInput {
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count?: number;
  meter?: string;
  trial_period_days?: number;
  usage_type?: 'licensed' | 'metered';
}

export interface PriceSpec {
  currency: string;
  active?: boolean;
  billing_scheme?: 'per_unit' | 'tiered';
  currency_options?: Record<string, CurrencyOptionInput>;
  custom_unit_amount?: CustomUnitAmountInput;
  lookup_key?: string;
  metadata?: MetadataInput;
  nickname?: string;
  recurring?: RecurringInput;
  tax_behavior?: TaxBehavior;
  tiers?: TierInput[];
  tiers_mode?: 'graduated' | 'volume';
  transform_quantity?: { divide_by: number; round: 'up' | 'down' };
  unit_amount?: number;
  unit_amount_decimal?: string;
}

export type ParamName = (name: string) => string;

/** Names params inside `prefix`: paramIn('default_price_data')('recurring[interval]') → default_price_data[recurring][interval]. */
export const paramIn =
  (prefix?: string): ParamName =>
  (name) => {
    if (!prefix) return name;
    const cut = name.indexOf('[');
    return cut < 0 ? `${prefix}[${name}]` : `${prefix}[${name.slice(0, cut)}]${name.slice(cut)}`;
  };
