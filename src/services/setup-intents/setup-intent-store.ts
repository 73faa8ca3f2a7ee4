// Loading and saving SetupIntents (customer, payment method and status columns are generated).
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { getObject, insertObject, updateObject } from '../../store/objects.ts';
import { resourceMissing } from '../../core/errors.ts';

export const insertSetupIntent = (db: Db, si: Stripe.SetupIntent) => insertObject(db, 'setup_intents', si);
export const saveSetupIntent = (db: Db, si: Stripe.SetupIntent) => updateObject(db, 'setup_intents', si);

export async function loadSetupIntent(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Stripe.SetupIntent> {
  const si = await getObject<Stripe.SetupIntent>(db, 'setup_intents', id, opts);
  if (!si) throw resourceMissing('setup_intent', id);
  return si;
}

export const customerOfSetupIntent = (si: Stripe.SetupIntent): string | null =>
  typeof si.customer === 'string' ? si.customer : (si.customer?.id ?? null);
