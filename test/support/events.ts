// The types of the events Recur recorded, oldest first: a customer's, or those about one object.
import type { TestRecur } from './recur.ts';

export const eventTypesOfCustomer = async (r: TestRecur, customerId: string) =>
  (await r.db.query('SELECT type FROM events WHERE customer_id = $1 ORDER BY seq', [customerId])).map((e) => e.type as string);

export const eventTypesOfObject = async (r: TestRecur, id: string) =>
  (await r.db.query(`SELECT type FROM events WHERE data->'data'->'object'->>'id' = $1 ORDER BY seq`, [id])).map((e) => e.type as string);
