// Loading and saving test clocks.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { resourceMissing } from '../../core/errors.ts';

export type TestClock = Stripe.TestHelpers.TestClock;

export const insertTestClock = (db: Db, c: TestClock) => insertObject(db, 'test_clocks', c);
export const saveTestClock = (db: Db, c: TestClock) => updateObject(db, 'test_clocks', c);

export async function loadTestClock(db: Db, id: string, opts: { forUpdate?: boolean; param?: string } = {}): Promise<TestClock> {
  const rows = await db.query(`SELECT data FROM test_clocks WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw resourceMissing('test_helpers.test_clock', id, opts.param ?? 'id');
  return rows[0].data as TestClock;
}
