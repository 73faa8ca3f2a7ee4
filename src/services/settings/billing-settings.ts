// The account's billing settings (Recur's own /v1/recur/settings/billing): read them, or change
// some of them; a change applies to every retry scheduled from then on.
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { checkPolicy, type DunningPolicy } from '../../domain/dunning/dunning-policy.ts';
import { loadBillingSettings, saveBillingSettings, type BillingSettingsRecord } from '../../store/billing-settings-store.ts';

export interface BillingSettingsObject extends DunningPolicy {
  object: 'billing_settings';
  livemode: false;
  /** When they were last changed (null: never, the defaults). */
  updated: number | null;
}

const settingsObject = (r: BillingSettingsRecord): BillingSettingsObject => ({ object: 'billing_settings', ...r.policy, livemode: false, updated: r.updated });

export const retrieveBillingSettings = async (ctx: ServiceContext): Promise<BillingSettingsObject> => settingsObject(await loadBillingSettings(ctx.db));

export async function updateBillingSettings(ctx: ServiceContext, input: Partial<DunningPolicy>): Promise<BillingSettingsObject> {
  const current = await loadBillingSettings(ctx.db);
  const policy: DunningPolicy = { ...current.policy, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
  const bad = checkPolicy(policy);
  if (bad) throw invalidRequest(bad.message, bad.param);
  const updated = ctx.clock.now();
  await saveBillingSettings(ctx.db, policy, updated);
  return settingsObject({ policy, updated });
}
