// Demo data created on first start: a small catalog and a few customers, so a new user has
// something to look at and bill. Nothing is created when the store already has customers.
import type { Db } from '../store/db.ts';
import type { Clock } from '../engine/clock.ts';
import { randomIds } from '../store/id-generator.ts';
import type { ServiceContext } from '../api/route.ts';
import { createCustomer } from '../services/customers/create-customer.ts';

export async function seedDemoData(db: Db, clock: Clock): Promise<boolean> {
  const existing = await db.query('SELECT 1 FROM customers LIMIT 1');
  if (existing.length) return false;
  await db.transaction(async (tx) => {
    const ctx: ServiceContext = { db: tx, clock, ids: randomIds, services: {} };
    await createCustomer(ctx, { name: 'Northwind Clinic', email: 'billing@northwind.example', metadata: { segment: 'funder' } });
    await createCustomer(ctx, { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+15555550100' });
    await createCustomer(ctx, { name: 'Harbor Coworking', email: 'finance@harbor.example', address: { country: 'US', state: 'CA', city: 'San Francisco', line1: '1 Market St', postal_code: '94105' } });
  });
  return true;
}
