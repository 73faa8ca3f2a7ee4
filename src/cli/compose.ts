// The composition root: builds the context every service runs in and the engine that runs due
// work, wiring the gateway, hooks and processors explicitly. Everything that starts Recur (serve,
// bill, tests, benchmarks) gets its collaborators from here.
import type { Db } from '../core/db.ts';
import type { Clock } from '../core/clock.ts';
import { randomIds, type IdGenerator } from '../core/ids.ts';
import { emptyHooks, type BillingSettings, type ServiceContext, type WebhookConfig } from '../core/context.ts';
import type { PaymentGateway } from '../core/gateway.ts';
import { createTestCardProcessor } from '../payments/test-card-processor.ts';
import { memoryLedger, tableLedger } from '../payments/charge-ledger.ts';
import { PgliteDb } from '../store/db.ts';
import { runDue, type EngineDeps } from '../engine/due-work.ts';
import { addSubscriptionHooks } from '../services/subscriptions/subscription-hooks.ts';
import { processSubscriptionDue } from '../services/subscriptions/process-subscription-due.ts';
import { processInvoiceDue } from '../services/invoices/process-invoice-due.ts';
import { processSubscriptionNotice } from '../services/subscriptions/process-subscription-notice.ts';
import { completeInvoicePaymentAttempts } from '../services/invoices/finish-invoice-payment.ts';
import { finishStuckPaymentAttempts } from '../services/payment-intents/finish-stuck-payment-attempts.ts';
import type { EmailConfig } from '../core/mailer.ts';
import { DEFAULT_EMAIL_CONFIG } from '../services/emails/email-settings.ts';
import { runEmailOutbox } from '../services/emails/email-outbox.ts';
import { finishStuckRefunds } from '../services/refunds/finish-stuck-refunds.ts';
import { runWebhookOutbox } from '../services/webhooks/deliver-webhooks.ts';
import { PgUsageStore } from '../store/usage/pg-usage-store.ts';
import { processCreditGrantDue } from '../services/credit-grants/expire-credit-grant.ts';
import { addCreditHooks } from '../services/credit-grants/credit-hooks.ts';
import { addAllowanceHooks } from '../services/allowances/allowance-hooks.ts';
import { finishPendingCreditNotes } from '../services/credit-notes/create-credit-note.ts';
import { expireAuthorizations } from '../services/payment-intents/expire-authorizations.ts';
import { openDueDisputes } from '../services/disputes/open-disputes.ts';
import { finishStuckCaptures } from '../services/payment-intents/capture-payment-intent.ts';

/** Seconds before an attempt still processing is finished by the engine. */
export const DEFAULT_PAYMENT_ATTEMPT_LEASE = 60;

/**
 * The built-in test processor with its ledger of charges: a table on PostgreSQL, so that any
 * process (API or engine, before or after a crash) sees what was charged; in memory on embedded
 * PGlite, where one process owns the store and a statement outside a transaction would wait for it.
 */
export function defaultGateway(db: Db): PaymentGateway {
  return createTestCardProcessor({ ledger: db instanceof PgliteDb ? memoryLedger() : tableLedger(db) });
}

export interface ComposeOptions {
  db: Db;
  clock: Clock;
  ids?: IdGenerator;
  gateway?: PaymentGateway;
  settings?: Partial<BillingSettings>;
  /** Items one engine transaction claims on the system clock. */
  engineBatch?: number;
  /** Notifications: the From address, the account's name, the SMTP mailer (none: recorded only). */
  email?: Partial<EmailConfig>;
  /** Webhook delivery: allow endpoints on private addresses (development, tests). */
  webhooks?: Partial<WebhookConfig>;
}

export interface Composed {
  /** The context for a command at the clock's time (API requests, CLI commands). */
  context: ServiceContext;
  engine: EngineDeps;
}

export function composeRecur(o: ComposeOptions): Composed {
  const hooks = emptyHooks();
  addSubscriptionHooks(hooks);
  addCreditHooks(hooks);
  addAllowanceHooks(hooks);
  const settings: BillingSettings = {
    publicUrl: o.settings?.publicUrl ?? 'http://127.0.0.1:4242',
    paymentAttemptLease: o.settings?.paymentAttemptLease ?? DEFAULT_PAYMENT_ATTEMPT_LEASE,
  };
  const engine: EngineDeps = {
    db: o.db,
    ids: o.ids ?? randomIds,
    gateway: o.gateway ?? defaultGateway(o.db),
    hooks,
    settings,
    email: { ...DEFAULT_EMAIL_CONFIG, ...o.email },
    webhooks: { allowPrivateAddresses: o.webhooks?.allowPrivateAddresses ?? false },
    usage: new PgUsageStore(),
    runTestClock: async (ctx, testClockId, until) => {
      await runDue({ ...engine, ...ctx, processors: engine.processors, batch: engine.batch, payments: engine.payments }, { testClock: testClockId, until });
      // Disputes the gateway reported on this clock's charges open at their instant.
      await openDueDisputes(ctx, { testClock: testClockId, until });
      // Authorizations not captured within 7 days are released at their deadline.
      await expireAuthorizations(ctx, { testClock: testClockId, until });
    },
    processors: { subscription: processSubscriptionDue, invoice: processInvoiceDue, notice: processSubscriptionNotice, credit_grant: processCreditGrantDue },
    payments: {
      complete: (ctx, attempts, opts) => completeInvoicePaymentAttempts(ctx, attempts, opts),
      finishStuck: async (ctx) =>
        (await finishStuckPaymentAttempts(ctx, { olderThan: settings.paymentAttemptLease })) +
        (await finishStuckRefunds(ctx, { olderThan: settings.paymentAttemptLease })) +
        (await finishStuckCaptures(ctx, { olderThan: settings.paymentAttemptLease })) +
        // Credit notes left pending by a dead process, once their refund (finished above) has an outcome.
        (await finishPendingCreditNotes(ctx)),
    },
    batch: o.engineBatch,
    outboxes: [
      runEmailOutbox,
      (ctx) => openDueDisputes(ctx, { testClock: null, until: ctx.clock.now() }),
      (ctx) => expireAuthorizations(ctx, { testClock: null, until: ctx.clock.now() }),
    ],
    deliveries: runWebhookOutbox,
  };
  const { processors: _p, batch: _b, payments: _pay, outboxes: _o, deliveries: _d, ...base } = engine;
  return { context: { ...base, clock: o.clock }, engine };
}
