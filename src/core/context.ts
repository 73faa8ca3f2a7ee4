// What every service receives: the database (a transaction during writes), the clock, ids, the
// request that caused the change, and the collaborators the composition root (cli/) wires in.
import type Stripe from 'stripe';
import type { Db } from './db.ts';
import type { Clock } from './clock.ts';
import type { IdGenerator } from './ids.ts';
import type { PaymentGateway } from './gateway.ts';
import type { EmailConfig } from './mailer.ts';
import type { UsageStore } from './usage-store.ts';

/** A reaction to invoices' status change; it gets every invoice that changed together (a batch). */
export type InvoiceHook = (ctx: ServiceContext, invoices: Stripe.Invoice[]) => Promise<void>;

/** Reactions of one part of billing to another's changes, wired by the composition root. */
export interface BillingHooks {
  invoicePaid: InvoiceHook[];
  invoicePaymentFailed: InvoiceHook[];
  invoiceVoided: InvoiceHook[];
  invoiceMarkedUncollectible: InvoiceHook[];
  /** The invoice's payment retries ran out (or it stayed overdue too long): the dunning policy's end. */
  invoiceDunningEnded: InvoiceHook[];
  customerDeleted: Array<(ctx: ServiceContext, customer: Stripe.Customer) => Promise<void>>;
}

/** Runs due work for a test clock up to an instant (the engine's job, handed to services that need it). */
export type RunTestClock = (ctx: ServiceContext, testClockId: string, until: number) => Promise<void>;

export interface BillingSettings {
  /** Base of hosted_invoice_url and invoice_pdf. */
  publicUrl: string;
  /**
   * Seconds a payment attempt may stay processing before the engine treats it as stuck and
   * finishes it by asking the gateway under the attempt's key.
   */
  paymentAttemptLease: number;
}

export interface ServiceContext {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** The API request that caused the change, recorded on events. */
  requestId?: string;
  idempotencyKey?: string;
  gateway: PaymentGateway;
  hooks: BillingHooks;
  settings: BillingSettings;
  runTestClock: RunTestClock;
  /** Where usage events are ingested and aggregated (meters, metered invoicing). */
  usage: UsageStore;
  /** How notifications are sent (absent: recorded for the email log only, as without SMTP). */
  email?: EmailConfig;
  /** Webhook delivery (absent: private, loopback and link-local addresses are refused). */
  webhooks?: WebhookConfig;
  /** Set while a subscription is being created: its first invoice's outcome is decided by the creation, not the invoice hooks. */
  creatingSubscription?: string;
}

export interface WebhookConfig {
  /** Accept endpoints on private, loopback and link-local addresses (development, tests). */
  allowPrivateAddresses: boolean;
}

export const emptyHooks = (): BillingHooks => ({
  invoicePaid: [],
  invoicePaymentFailed: [],
  invoiceVoided: [],
  invoiceMarkedUncollectible: [],
  invoiceDunningEnded: [],
  customerDeleted: [],
});
