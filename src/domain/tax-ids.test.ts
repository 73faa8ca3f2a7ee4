import { describe, expect, it } from 'vitest';
import { checkNewTaxIds, checkTaxId, isTaxIdType, TAX_ID_TYPES } from './tax-ids.ts';

describe('checkTaxId', () => {
  it('takes an EU VAT number written with spaces and gives its member state as the country', () => {
    expect(checkTaxId('eu_vat', ' DE 123 456 789 ')).toEqual({ ok: true, value: 'DE 123 456 789', country: 'DE' });
    expect(checkTaxId('eu_vat', 'FRAB123456789')).toMatchObject({ ok: true, country: 'FR' });
    expect(checkTaxId('eu_vat', 'NL123456789B01')).toMatchObject({ ok: true, country: 'NL' });
  });

  it('names Greece and Northern Ireland by their ISO codes, not their VAT prefixes', () => {
    expect(checkTaxId('eu_vat', 'EL123456789')).toMatchObject({ ok: true, country: 'GR' });
    expect(checkTaxId('eu_vat', 'XI123456789')).toMatchObject({ ok: true, country: 'GB' });
  });

  it('refuses an EU VAT number with too few digits or no member state prefix', () => {
    expect(checkTaxId('eu_vat', 'DE123')).toMatchObject({ ok: false });
    expect(checkTaxId('eu_vat', 'US123456789')).toMatchObject({ ok: false });
    expect(checkTaxId('eu_vat', '123456789')).toMatchObject({ ok: false });
  });

  it('checks the common formats and derives the country from the type', () => {
    expect(checkTaxId('gb_vat', 'GB123456789')).toEqual({ ok: true, value: 'GB123456789', country: 'GB' });
    expect(checkTaxId('us_ein', '12-3456789')).toEqual({ ok: true, value: '12-3456789', country: 'US' });
    expect(checkTaxId('au_abn', '12 345 678 912')).toMatchObject({ ok: true, country: 'AU' });
    expect(checkTaxId('ca_gst_hst', '123456789RT0002')).toMatchObject({ ok: true, country: 'CA' });
    expect(checkTaxId('in_gst', '12ABCDE3456FGZH')).toMatchObject({ ok: true, country: 'IN' });
    expect(checkTaxId('ch_vat', 'CHE-123.456.789 MWST')).toMatchObject({ ok: true, country: 'CH' });
    expect(checkTaxId('br_cnpj', '01.234.456/5432-10')).toMatchObject({ ok: true, country: 'BR' });
  });

  it('refuses a malformed value of a common type, saying what one looks like', () => {
    const r = checkTaxId('us_ein', '12-345');
    expect(r).toEqual({ ok: false, message: 'Invalid value for us_ein: 12-345 does not have the format of one (e.g. 12-3456789).' });
    expect(checkTaxId('gb_vat', 'DE123456789')).toMatchObject({ ok: false });
    expect(checkTaxId('in_gst', '12ABCDE3456FG')).toMatchObject({ ok: false });
  });

  it('takes any trimmed value up to 100 characters for the other types, and refuses an empty or longer one', () => {
    expect(checkTaxId('ke_pin', ' P000111111A ')).toEqual({ ok: true, value: 'P000111111A', country: 'KE' });
    expect(checkTaxId('ke_pin', '   ')).toMatchObject({ ok: false });
    expect(checkTaxId('ke_pin', 'x'.repeat(101))).toMatchObject({ ok: false });
  });

  it('gives no country for an EU OSS number, which is not one state', () => {
    expect(checkTaxId('eu_oss_vat', 'EU123456789')).toEqual({ ok: true, value: 'EU123456789', country: null });
  });
});

describe('tax id types', () => {
  it('are the 135 types Stripe documents, with none unknown', () => {
    expect(TAX_ID_TYPES).toHaveLength(135);
    expect(isTaxIdType('eu_vat')).toBe(true);
    expect(isTaxIdType('unknown')).toBe(false);
    expect(isTaxIdType('xx_vat')).toBe(false);
  });
});

describe('checkNewTaxIds', () => {
  const param = (i: number) => `tax_id_data[${i}][value]`;

  it('checks each value and names the parameter of the first bad one', () => {
    expect(checkNewTaxIds([], [{ type: 'gb_vat', value: 'GB123456789' }, { type: 'us_ein', value: 'nope' }], param)).toMatchObject({
      ok: false,
      param: 'tax_id_data[1][value]',
    });
  });

  it('refuses a tax id the customer already has, however it is spaced', () => {
    expect(checkNewTaxIds([{ type: 'eu_vat', value: 'DE123456789' }], [{ type: 'eu_vat', value: 'de 123 456 789' }], () => 'value')).toEqual({
      ok: false,
      message: 'The customer already has the eu_vat tax ID de 123 456 789.',
      param: 'value',
    });
  });

  it('keeps at most 25 per customer', () => {
    const existing = Array.from({ length: 25 }, (_, i) => ({ type: 'ke_pin', value: `P${i}` }));
    expect(checkNewTaxIds(existing, [{ type: 'ke_pin', value: 'P99' }], () => 'value')).toMatchObject({ ok: false });
    expect(checkNewTaxIds(existing.slice(1), [{ type: 'ke_pin', value: 'P99' }], () => 'value')).toMatchObject({ ok: true });
  });
});
