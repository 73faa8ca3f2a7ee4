// Billing alerts: a usage threshold on a meter (for one customer, or every customer) that fires
// `billing.alert.triggered` once per customer when its usage since the alert was created reaches
// `gte`. Create, activate, deactivate, archive; checked as events are ingested.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, invalidState, resourceMissing } from '../../core/errors.ts';
import type { UsageEvent } from '../../core/usage-store.ts';
import { recordEvent } from '../../events/record-event.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { meterQuantity, type MeterFormula } from '../../domain/usage/meter-aggregation.ts';
import { meterSpan, metersById } from '../meters/meter-store.ts';

type Alert = Stripe.Billing.Alert;
type Stored = Alert & { created: number };

export async function loadAlert(ctx: Pick<ServiceContext, 'db'>, id: string): Promise<Stored> {
  const rows = await ctx.db.query('SELECT data FROM billing_alerts WHERE id = $1', [id]);
  if (!rows.length) throw resourceMissing('billing alert', id);
  return rows[0].data as Stored;
}

export async function createAlert(
  ctx: ServiceContext,
  input: { alert_type: 'usage_threshold'; title: string; usage_threshold?: { gte: number; meter: string; recurrence: 'one_time'; filters?: Array<{ type: 'customer'; customer?: string }> } },
): Promise<Alert> {
  const t = input.usage_threshold;
  if (!t) throw invalidRequest('usage_threshold is required for a usage_threshold alert.', 'usage_threshold', 'parameter_missing');
  if (!(await metersById(ctx.db, [t.meter])).has(t.meter)) throw invalidRequest(`No such billing meter: '${t.meter}'`, 'usage_threshold[meter]', 'resource_missing');
  const customers = (t.filters ?? []).map((f) => f.customer).filter((c): c is string => !!c);
  if (customers.length > 1) throw invalidRequest('An alert filters on one customer at most.', 'usage_threshold[filters]');
  if (customers.length && !(await ctx.db.query('SELECT 1 FROM customers WHERE id = $1', [customers[0]])).length)
    throw invalidRequest(`No such customer: '${customers[0]}'`, 'usage_threshold[filters][0][customer]', 'resource_missing');
  const alert: Stored = {
    id: ctx.ids.next('alrt'),
    object: 'billing.alert',
    alert_type: 'usage_threshold',
    livemode: false,
    status: 'active',
    title: input.title,
    usage_threshold: { filters: customers.length ? [{ customer: customers[0], type: 'customer' }] : null, gte: t.gte, meter: t.meter, recurrence: 'one_time' },
    created: ctx.clock.now(),
  };
  await insertObject(ctx.db, 'billing_alerts', alert);
  await recordEvent(ctx, 'billing.alert.created', publicAlert(alert));
  return publicAlert(alert);
}

const publicAlert = ({ created: _c, ...a }: Stored): Alert => a;

const MOVES = { activate: ['inactive'], deactivate: ['active'], archive: ['active', 'inactive'] } as const;
const TARGET = { activate: 'active', deactivate: 'inactive', archive: 'archived' } as const;

export async function changeAlertStatus(ctx: ServiceContext, id: string, move: keyof typeof MOVES): Promise<Alert> {
  const before = await loadAlert(ctx, id);
  if (!(MOVES[move] as readonly string[]).includes(before.status ?? '')) throw invalidState(`The alert ${id} is ${before.status}; it cannot ${move}.`);
  const after = { ...before, status: TARGET[move] };
  await updateObject(ctx.db, 'billing_alerts', after);
  return publicAlert(after);
}

export { publicAlert };

/** Fires the active alerts on these events' meters whose customers' usage since the alert reached `gte`. */
export async function checkAlerts(ctx: ServiceContext, events: UsageEvent[]): Promise<void> {
  const rows = await ctx.db.query(`SELECT data FROM billing_alerts WHERE status = 'active' AND meter_id = ANY($1)`, [[...new Set(events.map((e) => e.meterId))]]);
  if (!rows.length) return;
  const alerts = rows.map((r) => r.data as Stored);
  const meters = await metersById(ctx.db, alerts.map((a) => a.usage_threshold!.meter as string));
  const pairs = alerts.flatMap((a) => {
    const only = a.usage_threshold!.filters?.[0]?.customer as string | undefined;
    const customers = [...new Set(events.filter((e) => e.meterId === a.usage_threshold!.meter && (!only || e.customerId === only)).map((e) => e.customerId))];
    return customers.map((customer) => ({ a, customer }));
  });
  if (!pairs.length) return;
  const fired = await ctx.db.query('SELECT alert_id, customer_id FROM billing_alert_triggers WHERE alert_id = ANY($1)', [alerts.map((a) => a.id)]);
  const open = pairs.filter((p) => !fired.some((f) => f.alert_id === p.a.id && f.customer_id === p.customer));
  if (!open.length) return;
  const now = ctx.clock.now();
  const meterOf = (p: (typeof open)[number]) => meters.get(p.a.usage_threshold!.meter as string)!;
  const parts = await ctx.usage.aggregate(ctx.db, open.map((p) => meterSpan(meterOf(p), p.customer, p.a.created, Math.max(p.a.created, now + 301), { toDate: true })));
  for (const [k, p] of open.entries()) {
    const value = meterQuantity(meterOf(p).default_aggregation.formula as MeterFormula, parts[k]);
    if (value < p.a.usage_threshold!.gte) continue;
    const won = await ctx.db.query('INSERT INTO billing_alert_triggers (alert_id, customer_id, created, value) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1', [p.a.id, p.customer, now, value]);
    if (!won.length) continue;
    const triggered: Stripe.Billing.AlertTriggered = { object: 'billing.alert_triggered', alert: publicAlert(p.a), created: now, customer: p.customer, livemode: false, value };
    await recordEvent(ctx, 'billing.alert.triggered', triggered, { customerId: p.customer });
  }
}
