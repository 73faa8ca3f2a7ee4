// Customer tax ids: the types Stripe accepts, a format check of the value for the common ones, and
// the country a tax id belongs to. Pure: a value is checked as written; nothing is looked up remotely.
import type Stripe from 'stripe';

export const TAX_ID_TYPES = [
  'ad_nrt', 'ae_trn', 'al_tin', 'am_tin', 'ao_tin', 'ar_cuit', 'au_abn', 'au_acn', 'au_arn', 'au_wpn', 'aw_tin', 'az_tin',
  'ba_tin', 'bb_tin', 'bd_bin', 'bf_ifu', 'bg_uic', 'bh_vat', 'bj_ifu', 'bo_tin', 'br_cnpj', 'br_cpf', 'bs_tin', 'bw_vat',
  'by_tin', 'ca_bn', 'ca_gst_hst', 'ca_pst_bc', 'ca_pst_mb', 'ca_pst_sk', 'ca_qst', 'cd_nif', 'ch_uid', 'ch_vat',
  'ci_vat', 'cl_tin', 'cm_niu', 'cn_tin', 'co_nit', 'cr_tin', 'cv_nif', 'cz_dic', 'de_stn', 'do_rcn', 'ec_ruc', 'eg_tin',
  'es_cif', 'et_tin', 'eu_oss_vat', 'eu_vat', 'fo_vat', 'fr_siren', 'fr_siret', 'fr_spi', 'gb_vat', 'ge_vat', 'gh_tin',
  'gi_tin', 'gn_nif', 'hk_br', 'hr_oib', 'hu_tin', 'ic_nif', 'id_npwp', 'il_vat', 'in_gst', 'is_kt', 'is_vat', 'it_cf',
  'jp_cn', 'jp_rn', 'jp_trn', 'ke_pin', 'kg_tin', 'kh_tin', 'kr_brn', 'kz_bin', 'la_tin', 'li_uid', 'li_vat', 'lk_vat',
  'ma_vat', 'md_cf', 'md_vat', 'me_pib', 'mk_vat', 'mr_nif', 'mu_vat', 'mx_rfc', 'my_frp', 'my_itn', 'my_sst', 'mz_nuit',
  'ng_tin', 'no_vat', 'no_voec', 'np_pan', 'nz_bn', 'nz_gst', 'om_vat', 'pe_ruc', 'ph_tin', 'pl_nip', 'pt_nif', 'py_ruc',
  'ro_tin', 'rs_pib', 'ru_inn', 'ru_kpp', 'sa_vat', 'sg_gst', 'sg_uen', 'si_tin', 'sm_coe', 'sn_ninea', 'sr_fin', 'sv_nit',
  'th_vat', 'tj_tin', 'tr_tin', 'tt_bir', 'tt_vat', 'tw_vat', 'tz_vat', 'ua_vat', 'ug_tin', 'us_ein', 'uy_ruc', 'uz_tin',
  'uz_vat', 've_rif', 'vn_tin', 'za_vat', 'zm_tin', 'zw_tin',
] as const satisfies readonly Stripe.TaxIdCreateParams.Type[];

export type TaxIdType = (typeof TAX_ID_TYPES)[number];

// The compiler fails here when the pinned SDK names a tax id type this list lacks.
type Named<T> = T extends string ? (string extends T ? never : T) : never;
const everyTypeListed: [Exclude<Named<Stripe.TaxIdCreateParams.Type>, TaxIdType>] extends [never] ? true : false = true;
void everyTypeListed;

const KNOWN = new Set<string>(TAX_ID_TYPES);
export const isTaxIdType = (t: string): t is TaxIdType => KNOWN.has(t);

/** The longest value Recur keeps (types without a known format are checked for length only). */
export const MAX_TAX_ID_LENGTH = 100;

/** EU VAT numbers by their country prefix (EL is Greece, XI Northern Ireland), after the prefix. */
const EU_VAT: Record<string, RegExp> = {
  AT: /^U\d{8}$/, BE: /^[01]\d{9}$/, BG: /^\d{9,10}$/, CY: /^\d{8}[A-Z]$/, CZ: /^\d{8,10}$/, DE: /^\d{9}$/,
  DK: /^\d{8}$/, EE: /^\d{9}$/, EL: /^\d{9}$/, ES: /^[0-9A-Z]\d{7}[0-9A-Z]$/, FI: /^\d{8}$/, FR: /^[0-9A-Z]{2}\d{9}$/,
  HR: /^\d{11}$/, HU: /^\d{8}$/, IE: /^\d{7}[A-Z]{1,2}$|^\d[A-Z+*]\d{5}[A-Z]$/, IT: /^\d{11}$/, LT: /^\d{9}$|^\d{12}$/,
  LU: /^\d{8}$/, LV: /^\d{11}$/, MT: /^\d{8}$/, NL: /^\d{9}B\d{2}$/, PL: /^\d{10}$/, PT: /^\d{9}$/, RO: /^\d{2,10}$/,
  SE: /^\d{12}$/, SI: /^\d{8}$/, SK: /^\d{10}$/, XI: /^\d{9}$|^\d{12}$|^(GD|HA)\d{3}$/,
};
const EU_COUNTRY: Record<string, string> = { EL: 'GR', XI: 'GB' };

/** Formats of the common types, checked on the value without spaces, dots, dashes and slashes, in capitals. */
const FORMATS: Partial<Record<TaxIdType, { pattern: RegExp; example: string }>> = {
  gb_vat: { pattern: /^GB(\d{9}|\d{12}|(GD|HA)\d{3})$/, example: 'GB123456789' },
  eu_oss_vat: { pattern: /^EU\d{9}$/, example: 'EU123456789' },
  us_ein: { pattern: /^\d{9}$/, example: '12-3456789' },
  au_abn: { pattern: /^\d{11}$/, example: '12345678912' },
  au_acn: { pattern: /^\d{9}$/, example: '123456789' },
  au_arn: { pattern: /^\d{12}$/, example: '123456789123' },
  ca_bn: { pattern: /^\d{9}$/, example: '123456789' },
  ca_gst_hst: { pattern: /^\d{9}RT\d{4}$/, example: '123456789RT0002' },
  ca_qst: { pattern: /^\d{10}TQ\d{4}$/, example: '1234567890TQ1234' },
  in_gst: { pattern: /^\d{2}[A-Z]{5}\d{4}[A-Z][0-9A-Z]Z[0-9A-Z]$/, example: '12ABCDE3456FGZH' },
  ch_uid: { pattern: /^CHE\d{9}$/, example: 'CHE-123.456.789' },
  ch_vat: { pattern: /^CHE\d{9}(MWST|TVA|IVA)$/, example: 'CHE-123.456.789 MWST' },
  no_vat: { pattern: /^\d{9}MVA$/, example: '123456789MVA' },
  nz_gst: { pattern: /^\d{8,9}$/, example: '123456789' },
  br_cnpj: { pattern: /^\d{14}$/, example: '01.234.456/5432-10' },
  br_cpf: { pattern: /^\d{11}$/, example: '123.456.789-87' },
  jp_cn: { pattern: /^\d{13}$/, example: '1234567891234' },
  jp_trn: { pattern: /^T\d{13}$/, example: 'T1234567891234' },
  za_vat: { pattern: /^4\d{9}$/, example: '4123456789' },
  mx_rfc: { pattern: /^[A-ZÑ&]{3,4}\d{6}[0-9A-Z]{3}$/, example: 'ABC010203AB9' },
  es_cif: { pattern: /^[A-Z]\d{7}[0-9A-Z]$/, example: 'A12345678' },
  kr_brn: { pattern: /^\d{10}$/, example: '123-45-67890' },
  ae_trn: { pattern: /^\d{15}$/, example: '123456789012345' },
  sa_vat: { pattern: /^\d{15}$/, example: '123456789012345' },
  hk_br: { pattern: /^\d{8}$/, example: '12345678' },
  tw_vat: { pattern: /^\d{8}$/, example: '12345678' },
  th_vat: { pattern: /^\d{13}$/, example: '1234567891234' },
  fr_siren: { pattern: /^\d{9}$/, example: '123456789' },
  fr_siret: { pattern: /^\d{14}$/, example: '12345678901234' },
  pl_nip: { pattern: /^\d{10}$/, example: '1234567890' },
};

export type TaxIdCheck = { ok: true; value: string; country: string | null } | { ok: false; message: string };

const compact = (value: string) => value.toUpperCase().replace(/[\s.\-/]/g, '');

/** Checks a value for its type and gives the value kept (trimmed) and the tax id's country. */
export function checkTaxId(type: TaxIdType, raw: string): TaxIdCheck {
  const value = raw.trim();
  if (!value) return { ok: false, message: `Invalid value for ${type}: the tax ID must not be empty.` };
  if (value.length > MAX_TAX_ID_LENGTH) return { ok: false, message: `Invalid value for ${type}: at most ${MAX_TAX_ID_LENGTH} characters.` };
  const c = compact(value);
  if (type === 'eu_vat') {
    const prefix = c.slice(0, 2);
    const rest = EU_VAT[prefix];
    if (!rest?.test(c.slice(2)))
      return {
        ok: false,
        message: `Invalid value for eu_vat: ${value} is not an EU VAT number (a member state's two-letter prefix and its digits, e.g. DE123456789).`,
      };
    return { ok: true, value, country: EU_COUNTRY[prefix] ?? prefix };
  }
  const format = FORMATS[type];
  if (format && !format.pattern.test(c)) return { ok: false, message: `Invalid value for ${type}: ${value} does not have the format of one (e.g. ${format.example}).` };
  return { ok: true, value, country: taxIdCountry(type) };
}

/** The country of a tax id other than an EU VAT number: its type's prefix (an OSS number is not one country's). */
function taxIdCountry(type: TaxIdType): string | null {
  if (type === 'eu_oss_vat') return null;
  return type.slice(0, 2).toUpperCase();
}

/** At most this many tax ids per customer (a Recur limit: every invoice carries them all). */
export const MAX_TAX_IDS_PER_CUSTOMER = 25;

export interface TaxIdInput {
  type: TaxIdType;
  value: string;
}

export type TaxIdsCheck =
  | { ok: true; taxIds: Array<{ type: TaxIdType; value: string; country: string | null }> }
  | { ok: false; message: string; param?: string };

/**
 * Checks tax ids to add to a customer who has `existing` ones: each value for its type, none the
 * customer already has (or given twice), and no more than the limit in all. `paramOf` names the
 * parameter that held the i-th value.
 */
export function checkNewTaxIds(existing: Array<{ type: string; value: string | null }>, inputs: TaxIdInput[], paramOf: (i: number) => string): TaxIdsCheck {
  if (existing.length + inputs.length > MAX_TAX_IDS_PER_CUSTOMER)
    return { ok: false, message: `A customer can have at most ${MAX_TAX_IDS_PER_CUSTOMER} tax IDs; this one has ${existing.length}.` };
  const seen = new Set(existing.map((t) => `${t.type}:${compact(t.value ?? '')}`));
  const taxIds = [];
  for (const [i, input] of inputs.entries()) {
    const check = checkTaxId(input.type, input.value);
    if (!check.ok) return { ok: false, message: check.message, param: paramOf(i) };
    const key = `${input.type}:${compact(check.value)}`;
    if (seen.has(key)) return { ok: false, message: `The customer already has the ${input.type} tax ID ${check.value}.`, param: paramOf(i) };
    seen.add(key);
    taxIds.push({ type: input.type, value: check.value, country: check.country });
  }
  return { ok: true, taxIds };
}

/** A tax id as invoices print it: `eu_vat` DE123456789 → "EU VAT DE123456789". */
export const taxIdText = (t: { type: string; value: string | null }) => `${t.type.replaceAll('_', ' ').toUpperCase()} ${t.value ?? ''}`.trim();
