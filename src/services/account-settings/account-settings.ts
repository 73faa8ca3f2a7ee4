// The account's own settings: the seller's details printed on invoices and PDFs, and whether the
// first invoice of a subscription made from a template waits, as a draft, for finance to review it.
import type { ServiceContext } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';

export interface AccountSettings {
  object: 'recur.account_settings';
  business_name: string | null;
  support_email: string | null;
  support_phone: string | null;
  tax_id: string | null;
  address: { line1: string | null; line2: string | null; city: string | null; postal_code: string | null; state: string | null; country: string | null };
  review_first_invoices: boolean;
}

export const DEFAULT_SETTINGS: AccountSettings = {
  object: 'recur.account_settings',
  business_name: null,
  support_email: null,
  support_phone: null,
  tax_id: null,
  address: { line1: null, line2: null, city: null, postal_code: null, state: null, country: null },
  review_first_invoices: false,
};

export async function loadAccountSettings(db: Db): Promise<AccountSettings> {
  const rows = await db.query("SELECT data FROM account_settings WHERE id = 'account'");
  return rows[0] ? { ...DEFAULT_SETTINGS, ...rows[0].data, address: { ...DEFAULT_SETTINGS.address, ...rows[0].data.address } } : DEFAULT_SETTINGS;
}

export type AccountSettingsUpdate = Partial<Omit<AccountSettings, 'object' | 'address'>> & { address?: Partial<AccountSettings['address']> | '' | null };

const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v === '' ? null : v);

export async function updateAccountSettings(ctx: ServiceContext, change: AccountSettingsUpdate): Promise<AccountSettings> {
  const current = await loadAccountSettings(ctx.db);
  const next: AccountSettings = { ...current };
  for (const k of ['business_name', 'support_email', 'support_phone', 'tax_id'] as const) {
    const v = blankToNull(change[k]);
    if (v !== undefined) next[k] = v;
  }
  if (change.review_first_invoices !== undefined) next.review_first_invoices = change.review_first_invoices;
  if (change.address === '' || change.address === null) next.address = DEFAULT_SETTINGS.address;
  else if (change.address) {
    next.address = { ...current.address };
    for (const [k, v] of Object.entries(change.address)) (next.address as any)[k] = blankToNull(v as string);
  }
  await ctx.db.query(
    "INSERT INTO account_settings (id, data) VALUES ('account', $1) ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data",
    [JSON.stringify(next)],
  );
  return next;
}
