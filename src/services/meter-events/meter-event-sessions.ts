// Short-lived tokens for the v2 high-volume stream: created with a secret key, then sent as the
// bearer of meter_event_stream requests until they expire (15 minutes). Only a hash is stored.
import { createHash } from 'node:crypto';
import type { ServiceContext } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { randomSecret } from '../../core/ids.ts';

export const SESSION_LIFETIME = 15 * 60;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface MeterEventSession {
  id: string;
  object: 'v2.billing.meter_event_session';
  authentication_token: string;
  created: string;
  expires_at: string;
  livemode: boolean;
}

const iso = (t: number) => new Date(t * 1000).toISOString();

export async function createMeterEventSession(ctx: ServiceContext): Promise<MeterEventSession> {
  const now = ctx.clock.now();
  const id = ctx.ids.next('mes');
  const token = `mes_tok_${randomSecret(40)}`;
  await ctx.db.query('INSERT INTO meter_event_sessions (id, token_hash, created, expires_at) VALUES ($1, $2, $3, $4)', [
    id,
    hash(token),
    now,
    now + SESSION_LIFETIME,
  ]);
  return { id, object: 'v2.billing.meter_event_session', authentication_token: token, created: iso(now), expires_at: iso(now + SESSION_LIFETIME), livemode: false };
}

/** The session a bearer token belongs to: 'missing' when unknown, 'expired' when past its time. */
export async function findMeterEventSession(db: Db, token: string, now: number): Promise<'missing' | 'expired' | { id: string }> {
  const rows = await db.query('SELECT id, expires_at FROM meter_event_sessions WHERE token_hash = $1', [hash(token)]);
  if (!rows.length) return 'missing';
  return Number(rows[0].expires_at) <= now ? 'expired' : { id: rows[0].id as string };
}
