// Every resource's routes. Each resource file exports its list; add new resources here.
import type { RouteDef } from '../route.ts';
import { customerRoutes } from './customers.ts';
import { productRoutes } from './products.ts';
import { priceRoutes } from './prices.ts';
import { couponRoutes } from './coupons.ts';
import { promotionCodeRoutes } from './promotion-codes.ts';
import { taxRateRoutes } from './tax-rates.ts';
import { paymentRoutes } from './payments.ts';
import { paymentIntentActionRoutes } from './payment-intent-actions.ts';
import { invoicePreviewRoutes } from './invoice-preview.ts';
import { invoiceRoutes } from './invoices.ts';
import { subscriptionRoutes } from './subscriptions.ts';
import { testClockRoutes } from './test-clocks.ts';
import { invoiceItemRoutes } from './invoice-items.ts';
import { customerBalanceTransactionRoutes } from './customer-balance-transactions.ts';
import { customerTaxIdRoutes } from './customer-tax-ids.ts';
import { emailRoutes } from './emails.ts';
import { recurLookupRoutes } from './recur-lookups.ts';
import { subscriptionTemplateRoutes } from './subscription-templates.ts';
import { billingPortalRoutes } from './billing-portal.ts';
import { billingSettingsRoutes } from './billing-settings.ts';
import { refundRoutes } from './refunds.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { eventRoutes } from './events.ts';
import { webhookEndpointRoutes } from './webhook-endpoints.ts';
import { billingMeterRoutes } from './billing-meters.ts';
import { meterEventRoutes } from './meter-events.ts';
import { creditGrantRoutes } from './credit-grants.ts';
import { allowanceRoutes } from './allowances.ts';
import { billingAlertRoutes } from './billing-alerts.ts';
import { creditNoteRoutes } from './credit-notes.ts';
import { setupIntentRoutes } from './setup-intents.ts';
import { disputeRoutes } from './disputes.ts';

export function allRoutes(): RouteDef[] {
  return [
    ...customerRoutes,
    ...productRoutes,
    ...priceRoutes,
    ...couponRoutes,
    ...promotionCodeRoutes,
    ...taxRateRoutes,
    ...paymentIntentActionRoutes,
    ...paymentRoutes,
    ...invoicePreviewRoutes,
    ...invoiceRoutes,
    ...subscriptionRoutes,
    ...testClockRoutes,
    ...invoiceItemRoutes,
    ...customerBalanceTransactionRoutes,
    ...customerTaxIdRoutes,
    ...emailRoutes,
    ...recurLookupRoutes,
    ...subscriptionTemplateRoutes,
    ...billingPortalRoutes,
    ...billingSettingsRoutes,
    ...refundRoutes,
    ...apiKeyRoutes,
    ...eventRoutes,
    ...webhookEndpointRoutes,
    ...billingMeterRoutes,
    ...meterEventRoutes,
    ...creditGrantRoutes,
    ...allowanceRoutes,
    ...billingAlertRoutes,
    ...creditNoteRoutes,
    ...setupIntentRoutes,
    ...disputeRoutes,
  ];
}
