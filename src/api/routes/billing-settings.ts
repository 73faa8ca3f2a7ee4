// /v1/recur/settings/billing (Recur's own): the payment retry schedule and what happens to the
// subscription and the invoice when it runs out.
import { route } from '../route.ts';
import { emptyable, int, list, oneOf, z } from '../params.ts';
import { INVOICE_ACTIONS, SUBSCRIPTION_ACTIONS } from '../../domain/dunning/dunning-policy.ts';
import { retrieveBillingSettings, updateBillingSettings } from '../../services/settings/billing-settings.ts';

const updateParams = z.strictObject({
  retry_schedule: emptyable(list(int({ min: 1, max: 60 }), { max: 20 })).optional(),
  subscription_action: oneOf(SUBSCRIPTION_ACTIONS).optional(),
  invoice_action: oneOf(INVOICE_ACTIONS).optional(),
  send_invoice_overdue_days: int({ min: 0, max: 365 }).optional(),
  upcoming_invoice_days: int({ min: 0, max: 60 }).optional(),
});

export const billingSettingsRoutes = [
  route({
    method: 'GET',
    path: '/v1/recur/settings/billing',
    summary: "Retrieve the account's billing settings (Recur's own): retry schedule and end-of-dunning policy",
    params: z.strictObject({}),
    handler: function retrieveBillingSettingsRoute(ctx) {
      return retrieveBillingSettings(ctx);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/recur/settings/billing',
    summary: "Update the account's billing settings (Recur's own): retry schedule and end-of-dunning policy",
    params: updateParams,
    handler: function updateBillingSettingsRoute(ctx, p) {
      return updateBillingSettings(ctx, { ...p, retry_schedule: p.retry_schedule === null ? [] : p.retry_schedule });
    },
  }),
];
