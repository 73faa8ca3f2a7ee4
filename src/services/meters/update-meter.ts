// Changes to a meter after creation: its display name, and whether it is active. A deactivated
// meter refuses new events and new prices; reactivating it needs its event name to be free.
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { previousAttributes, recordEvent } from '../../events/record-event.ts';
import { activeMetersByEventName, loadMeter, saveMeter, type Meter } from './meter-store.ts';

export async function updateMeter(ctx: ServiceContext, id: string, input: { display_name?: string }): Promise<Meter> {
  const before = await loadMeter(ctx.db, id, { forUpdate: true });
  if (input.display_name === undefined || input.display_name === before.display_name) return before;
  const after: Meter = { ...before, display_name: input.display_name, updated: ctx.clock.now() };
  await saveMeter(ctx.db, after);
  await recordEvent(ctx, 'billing.meter.updated', after, { previousAttributes: previousAttributes(before, after) });
  return after;
}

export async function deactivateMeter(ctx: ServiceContext, id: string): Promise<Meter> {
  const before = await loadMeter(ctx.db, id, { forUpdate: true });
  if (before.status === 'inactive') throw invalidState(`The meter ${id} is already inactive.`);
  const now = ctx.clock.now();
  const after: Meter = { ...before, status: 'inactive', status_transitions: { deactivated_at: now }, updated: now };
  await saveMeter(ctx.db, after);
  await recordEvent(ctx, 'billing.meter.deactivated', after, { previousAttributes: previousAttributes(before, after) });
  return after;
}

export async function reactivateMeter(ctx: ServiceContext, id: string): Promise<Meter> {
  const before = await loadMeter(ctx.db, id, { forUpdate: true });
  if (before.status === 'active') throw invalidState(`The meter ${id} is already active.`);
  if ((await activeMetersByEventName(ctx.db, [before.event_name])).size)
    throw invalidState(`Another active meter uses the event_name '${before.event_name}'.`);
  const after: Meter = { ...before, status: 'active', status_transitions: { deactivated_at: null }, updated: ctx.clock.now() };
  await saveMeter(ctx.db, after);
  await recordEvent(ctx, 'billing.meter.reactivated', after, { previousAttributes: previousAttributes(before, after) });
  return after;
}
