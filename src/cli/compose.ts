// The composition root: builds the context every service runs in and the engine that runs due
// work, wiring the gateway, hooks and processors explicitly. Everything that starts Recur (serve,
// bill, tests, benchmarks) gets its collaborators from here.
import type { Db } from '../core/db.ts';
import type { Clock } from '../core/clock.ts';
import { randomIds, type IdGenerator } from '../core/ids.ts';
import { emptyHooks, type BillingSettings, type ServiceContext } from '../core/context.ts';
import type { PaymentGateway } from '../core/gateway.ts';
import { testCardProcessor } from '../payments/test-card-processor.ts';
import { runDue, type EngineDeps } from '../engine/due-work.ts';
import { addSubscriptionHooks } from '../services/subscriptions/subscription-hooks.ts';
import { processSubscriptionDue } from '../services/subscriptions/process-subscription-due.ts';
import { processInvoiceDue } from '../services/invoices/process-invoice-due.ts';

/** Days after each failed automatic payment attempt before the next one. */
export const DEFAULT_RETRY_DAYS = [3, 5, 7];

export interface ComposeOptions {
  db: Db;
  clock: Clock;
  ids?: IdGenerator;
  gateway?: PaymentGateway;
  settings?: Partial<BillingSettings>;
  /** Items one engine transaction claims on the system clock. */
  engineBatch?: number;
}

export interface Composed {
  /** The context for a command at the clock's time (API requests, CLI commands). */
  context: ServiceContext;
  engine: EngineDeps;
}

export function composeRecur(o: ComposeOptions): Composed {
  const hooks = emptyHooks();
  addSubscriptionHooks(hooks);
  const settings: BillingSettings = {
    publicUrl: o.settings?.publicUrl ?? 'http://127.0.0.1:4242',
    retryDays: o.settings?.retryDays ?? DEFAULT_RETRY_DAYS,
  };
  const engine: EngineDeps = {
    db: o.db,
    ids: o.ids ?? randomIds,
    gateway: o.gateway ?? testCardProcessor,
    hooks,
    settings,
    runTestClock: async (ctx, testClockId, until) => {
      await runDue({ ...engine, ...ctx, processors: engine.processors, batch: engine.batch }, { testClock: testClockId, until });
    },
    processors: { subscription: processSubscriptionDue, invoice: processInvoiceDue },
    batch: o.engineBatch,
  };
  const { processors: _p, batch: _b, ...base } = engine;
  return { context: { ...base, clock: o.clock }, engine };
}
