// The catalog pages' requests, as the dashboard sends them (JSON with the session cookie): products,
// prices of every kind, archiving instead of deleting, coupons, promotion codes and tax rates.
import { beforeAll, describe, expect, it } from 'vitest';
import { recurForFile } from '../support/recur.ts';
import { ownerOf, staffWithRole, type StaffClient } from '../support/staff.ts';
import { meterFor } from '../support/meters.ts';

const r = recurForFile();
let staff: StaffClient;
beforeAll(async () => {
  staff = await ownerOf(r);
});

const post = async (path: string, json: unknown) => {
  const res = await staff.fetch(path, { method: 'POST', json });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

describe('catalog from the dashboard', () => {
  it('creates a product and its prices (per unit in two currencies, graduated tiers, metered), lists them expanded, archives rather than deletes', async () => {
    const product = await post('/v1/products', { name: 'Clinic plan', description: 'Per subscriber' });
    const seat = await post('/v1/prices', {
      product: product.id,
      currency: 'usd',
      nickname: 'Seat',
      unit_amount: 3500,
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
      currency_options: { eur: { unit_amount: 3200 } },
    });
    const tiered = await post('/v1/prices', {
      product: product.id,
      currency: 'usd',
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers: [
        { up_to: '10', unit_amount: 500 },
        { up_to: 'inf', unit_amount: 300, flat_amount: 1000 },
      ],
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
    });
    const meter = await meterFor(r.stripe, 'cases');
    const metered = await post('/v1/prices', {
      product: product.id,
      currency: 'usd',
      unit_amount: 5,
      recurring: { interval: 'month', interval_count: 1, usage_type: 'metered', meter },
    });
    const listed = await staff.fetch(`/v1/prices?product=${product.id}&limit=100&expand[]=data.tiers&expand[]=data.currency_options`);
    const byId = Object.fromEntries(listed.body.data.map((p: any) => [p.id, p]));
    expect(byId[seat.id].currency_options.eur.unit_amount).toBe(3200);
    expect(byId[tiered.id].tiers).toMatchObject([
      { up_to: 10, unit_amount: 500 },
      { up_to: null, unit_amount: 300, flat_amount: 1000 },
    ]);
    expect(byId[metered.id].recurring).toMatchObject({ usage_type: 'metered', meter });

    const archivedPrice = await post(`/v1/prices/${seat.id}`, { active: false });
    expect(archivedPrice.active).toBe(false);
    const archived = await post(`/v1/products/${product.id}`, { active: false });
    expect(archived.active).toBe(false);
    const archivedList = (await staff.fetch('/v1/products?active=false&limit=25')).body.data;
    expect(archivedList.map((p: any) => p.id)).toContain(product.id);
    expect((await staff.fetch('/v1/products?active=true&limit=25')).body.data.map((p: any) => p.id)).not.toContain(product.id);
    // Still retrievable, with every price.
    expect((await r.stripe.prices.list({ product: product.id })).data).toHaveLength(3);
  });

  it('names the field at fault when a price is wrong, so the form shows it next to it', async () => {
    const product = await post('/v1/products', { name: 'Bad prices' });
    const badAmount = await staff.fetch('/v1/prices', { method: 'POST', json: { product: product.id, currency: 'usd', unit_amount: '12.345' } });
    expect(badAmount.status).toBe(400);
    expect(badAmount.body.error.param).toBe('unit_amount');
    const badTier = await staff.fetch('/v1/prices', {
      method: 'POST',
      json: { product: product.id, currency: 'usd', billing_scheme: 'tiered', tiers_mode: 'volume', tiers: [{ up_to: 'ten', unit_amount: 5 }, { up_to: 'inf', unit_amount: 3 }], recurring: { interval: 'month' } },
    });
    expect(badTier.status).toBe(400);
    expect(badTier.body.error.param).toMatch(/^tiers\[0\]/);
  });

  it('creates coupons and promotion codes, deactivates a code, and archives a tax rate', async () => {
    const percent = await post('/v1/coupons', { name: 'Spring', percent_off: '25', duration: 'repeating', duration_in_months: 3 });
    expect(percent).toMatchObject({ percent_off: 25, duration: 'repeating', duration_in_months: 3 });
    const amount = await post('/v1/coupons', { name: 'Ten off', amount_off: 1000, currency: 'usd', duration: 'once' });
    expect(amount).toMatchObject({ amount_off: 1000, currency: 'usd' });
    const code = await post('/v1/promotion_codes', { code: 'SPRING25', promotion: { type: 'coupon', coupon: percent.id } });
    expect(code).toMatchObject({ code: 'SPRING25', active: true });
    expect((await post(`/v1/promotion_codes/${code.id}`, { active: false })).active).toBe(false);
    expect((await staff.fetch('/v1/promotion_codes?limit=100')).body.data.find((p: any) => p.id === code.id).active).toBe(false);
    expect((await r.stripe.promotionCodes.list({ code: 'SPRING25' })).data.map((p) => [p.id, p.active])).toEqual([[code.id, false]]);

    const vat = await post('/v1/tax_rates', { display_name: 'VAT', percentage: '20', inclusive: true, country: 'FR', jurisdiction: 'France' });
    expect(vat).toMatchObject({ percentage: 20, inclusive: true, active: true });
    expect((await post(`/v1/tax_rates/${vat.id}`, { active: false })).active).toBe(false);
    expect((await r.stripe.taxRates.list({ active: false })).data.map((t) => t.id)).toContain(vat.id);
  });

  it("refuses a viewer's catalog changes on the server", async () => {
    const viewer = await staffWithRole(r, 'viewer', 'catalog-viewer@example.com');
    expect((await viewer.fetch('/v1/products?limit=5')).status).toBe(200);
    const refused = await viewer.fetch('/v1/products', { method: 'POST', json: { name: 'Nope' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('permission_denied');
  });
});
