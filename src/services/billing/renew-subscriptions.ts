// Renews many subscriptions in one transaction: loads what they need in a few `= ANY` queries,
// lets the domain decide each renewal at its own instant, and writes every invoice, line, pending
// item, subscription and event with multi-row statements. The unique (subscription_id,
// billing_period_key) key keeps a period invoiced once: a renewal whose invoice already exists
// (another engine, a restart) only moves its subscription on, and the others are unaffected.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import type { Db } from '../../store/db.ts';
import { FixedClock } from '../../core/clock.ts';
import { insertRows, updateRows } from '../../store/multi-row.ts';
import { previousAttributes, recordEvent } from '../../events/record-event.ts';
import { renewSubscription, type Renewal } from '../../domain/billing/renew-subscription.ts';
import type { DomainEvent } from '../../domain/billing/domain-event.ts';
import { nextActionAt } from '../subscriptions/next-action.ts';
import { nextActionAt as invoiceNextActionAt } from '../invoices/invoice-store.ts';
import { loadRenewalInputs } from './renewal-inputs.ts';

export interface DueRenewal {
  subscription: Stripe.Subscription;
  /** The instant the renewal is due (it runs at that instant). */
  at: number;
  /** The period boundary ends a trial. */
  afterTrial?: boolean;
}

export type BatchContext = Omit<ServiceContext, 'clock' | 'db'>;

const SUBSCRIPTION_TYPES = { data: 'jsonb', next_action_at: 'bigint' };

/** Records the decision's events at `at` (the outbox row is written with the batch). */
export async function recordDomainEvents(ctx: BatchContext, db: Db, events: DomainEvent[], at: number): Promise<void> {
  const ectx = { ...ctx, db, clock: new FixedClock(at) };
  for (const e of events)
    await recordEvent(ectx, e.type, e.object, {
      ...(e.before ? { previousAttributes: previousAttributes(e.before, e.object) } : {}),
      ...(e.at !== undefined ? { at: e.at } : {}),
      ...(e.customerId !== undefined ? { customerId: e.customerId } : {}),
    });
}

/** Renews each subscription at its instant; returns the renewed subscriptions. */
export async function renewSubscriptions(ctx: BatchContext, tx: Db, due: DueRenewal[]): Promise<Stripe.Subscription[]> {
  if (!due.length) return [];
  const inputs = await loadRenewalInputs(ctx.usage, tx, due.map((d) => d.subscription));
  const env = { ids: ctx.ids, publicUrl: ctx.settings.publicUrl };
  const decided = due.map((d) => ({ at: d.at, r: renewSubscription({ ...inputs.get(d.subscription.id)!, afterTrial: d.afterTrial }, d.at, env) }));

  const inserted = await insertRows(
    tx,
    'invoices',
    decided.map(({ r }) => ({
      id: r.invoice.id,
      created: r.invoice.created,
      data: r.invoice,
      billing_period_key: r.billingPeriodKey,
      next_action_at: invoiceNextActionAt(r.invoice),
      days_until_due: r.subscription.days_until_due,
    })),
    { onConflictDoNothing: true, returning: 'id' },
  );
  const made = new Set(inserted.map((row) => row.id as string));
  const invoiced = decided.filter(({ r }) => made.has(r.invoice.id));

  await insertRows(
    tx,
    'invoice_lines',
    invoiced.flatMap(({ r, at }) =>
      r.lines.map((l) => ({
        id: l.line.id,
        created: at,
        customer_id: r.invoice.customer as string,
        invoice_id: r.invoice.id,
        data: l.line,
        tax_rates: l.taxRates,
      })),
    ),
  );
  await updateRows(
    tx,
    'invoice_items',
    invoiced.flatMap(({ r }) => r.invoiceItems.map((i) => ({ id: i.id, data: i }))),
    { data: 'jsonb' },
  );

  // A period already invoiced: the subscription still moves to its next period, as one renewal would.
  const before = new Map(due.map((d) => [d.subscription.id, d.subscription]));
  const after = decided.map(({ r, at }) => ({ at, r: made.has(r.invoice.id) ? r : alreadyInvoiced(r, before.get(r.subscription.id)!) }));
  await updateRows(
    tx,
    'subscriptions',
    after.map(({ r }) => ({ id: r.subscription.id, data: r.subscription, next_action_at: nextActionAt(r.subscription) })),
    SUBSCRIPTION_TYPES,
  );
  await updateRows(
    tx,
    'subscription_items',
    after.flatMap(({ r }) => r.subscription.items.data.map((i) => ({ id: i.id, data: i }))),
    { data: 'jsonb' },
  );
  for (const { r, at } of after) await recordDomainEvents(ctx, tx, r.events, at);
  return after.map(({ r }) => r.subscription);
}

function alreadyInvoiced(r: Renewal, before: Stripe.Subscription): Renewal {
  const subscription = { ...before, status: r.subscription.status, items: r.subscription.items };
  return {
    ...r,
    subscription,
    lines: [],
    invoiceItems: [],
    endedDiscounts: [],
    events: [{ type: 'customer.subscription.updated', object: subscription, before }],
  };
}
