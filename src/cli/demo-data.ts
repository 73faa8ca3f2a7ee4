// Demo data created on first start: a small catalog and a few customers, so a new user has
// something to look at and bill. Nothing is created when the store already has customers.
// The catalog mirrors the businesses Recur was designed from (docs: /work/shared/seeds): a clinical
// platform billing funders per clinician seat and per case and SMS, a coworking space, a publisher,
// and a license-checked browser extension.
import type { ServiceContext } from '../core/context.ts';
import { createCustomer } from '../services/customers/create-customer.ts';
import { createProduct } from '../services/products/create-product.ts';
import { createMeter } from '../services/meters/create-meter.ts';
import { createPrice } from '../services/prices/create-price.ts';
import { updatePrice } from '../services/prices/update-price.ts';
import { updateProduct } from '../services/products/update-product.ts';

export async function seedDemoData(base: ServiceContext): Promise<boolean> {
  const db = base.db;
  const existing = await db.query('SELECT 1 FROM customers LIMIT 1');
  if (existing.length) return false;
  await db.transaction(async (tx) => {
    const ctx: ServiceContext = { ...base, db: tx };
    await seedCatalog(ctx);
    await createCustomer(ctx, { name: 'Northwind Clinic', email: 'billing@northwind.example', metadata: { segment: 'funder' } });
    await createCustomer(ctx, { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+15555550100' });
    await createCustomer(ctx, { name: 'Harbor Coworking', email: 'finance@harbor.example', address: { country: 'US', state: 'CA', city: 'San Francisco', line1: '1 Market St', postal_code: '94105' } });
  });
  return true;
}

/** Products and prices, each price findable by its lookup key. Metered prices read the demo meters. */
async function seedCatalog(ctx: ServiceContext): Promise<void> {
  // Clinical platform: a seat per clinician, billed in advance; cases and SMS billed in arrears from usage.
  const seat = await createProduct(ctx, {
    name: 'Clinician seat',
    unit_label: 'clinician',
    description: 'Platform access for one clinician, billed to the funder each month.',
    default_price_data: { currency: 'usd', unit_amount: 3500, recurring: { interval: 'month' }, currency_options: { eur: { unit_amount: 3200 } } },
    metadata: { line: 'clinical' },
  });
  await updatePrice(ctx, seat.default_price as string, { lookup_key: 'clinician_seat_monthly', nickname: 'Per clinician per month' });
  const casesMeter = await createMeter(ctx, { display_name: 'Cases', event_name: 'demo_cases', default_aggregation: { formula: 'sum' } });
  const smsMeter = await createMeter(ctx, { display_name: 'SMS', event_name: 'demo_sms', default_aggregation: { formula: 'count' } });
  const cases = await createProduct(ctx, { name: 'Cases', unit_label: 'case', metadata: { line: 'clinical' } });
  await createPrice(ctx, {
    product: cases.id,
    currency: 'usd',
    unit_amount: 500,
    recurring: { interval: 'month', usage_type: 'metered', meter: casesMeter.id },
    lookup_key: 'cases_metered_monthly',
    nickname: 'Per case',
  });
  const sms = await createProduct(ctx, { name: 'SMS', unit_label: 'message', metadata: { line: 'clinical' } });
  await createPrice(ctx, {
    product: sms.id,
    currency: 'usd',
    unit_amount_decimal: '1.5',
    recurring: { interval: 'month', usage_type: 'metered', meter: smsMeter.id },
    lookup_key: 'sms_metered_monthly',
    nickname: '1.5¢ per message',
  });

  // Coworking space: desks by the month, meeting-room hours in graduated tiers, a one-time setup fee.
  const desk = await createProduct(ctx, { name: 'Hot desk', unit_label: 'desk', metadata: { line: 'coworking' } });
  await createPrice(ctx, { product: desk.id, currency: 'usd', unit_amount: 25000, recurring: { interval: 'month' }, lookup_key: 'hot_desk_monthly', tax_behavior: 'exclusive' });
  const dedicated = await createProduct(ctx, { name: 'Dedicated desk', unit_label: 'desk', metadata: { line: 'coworking' } });
  await createPrice(ctx, { product: dedicated.id, currency: 'usd', unit_amount: 45000, recurring: { interval: 'month' }, lookup_key: 'dedicated_desk_monthly', tax_behavior: 'exclusive' });
  const room = await createProduct(ctx, { name: 'Meeting room hours', unit_label: 'hour', metadata: { line: 'coworking' } });
  await createPrice(ctx, {
    product: room.id,
    currency: 'usd',
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    tiers: [
      { up_to: 5, unit_amount: 0 },
      { up_to: 20, unit_amount: 2500 },
      { up_to: 'inf', unit_amount: 2000 },
    ],
    recurring: { interval: 'month' },
    lookup_key: 'meeting_room_hours_monthly',
  });
  const setup = await createProduct(ctx, { name: 'Setup fee', description: 'Key card, locker and onboarding.', metadata: { line: 'coworking' } });
  await createPrice(ctx, { product: setup.id, currency: 'usd', unit_amount: 15000, lookup_key: 'setup_fee' });

  // Publisher: a newsletter by the month or the year.
  const newsletter = await createProduct(ctx, { name: 'Newsletter subscription', metadata: { line: 'publishing' } });
  await createPrice(ctx, { product: newsletter.id, currency: 'usd', unit_amount: 999, recurring: { interval: 'month' }, lookup_key: 'newsletter_monthly' });
  const yearly = await createPrice(ctx, {
    product: newsletter.id,
    currency: 'usd',
    unit_amount: 9900,
    recurring: { interval: 'year' },
    lookup_key: 'newsletter_yearly',
    currency_options: { gbp: { unit_amount: 7900 }, eur: { unit_amount: 8900 } },
  });
  await updateProduct(ctx, newsletter.id, { default_price: yearly.id });

  // Browser extension: a monthly license with a free trial.
  const extension = await createProduct(ctx, { name: 'Extension license', unit_label: 'license', metadata: { line: 'software' } });
  await createPrice(ctx, {
    product: extension.id,
    currency: 'usd',
    unit_amount: 499,
    recurring: { interval: 'month', trial_period_days: 7 },
    lookup_key: 'extension_monthly',
  });
}
