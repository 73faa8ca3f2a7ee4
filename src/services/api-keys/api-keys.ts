// API keys (Recur's own /v1/recur/api_keys): list them masked, create secret and restricted
// read-only keys, roll one (the new secret is answered once; the old one stays valid for an
// optional grace period), revoke one. The account's publishable key is made on first listing.
// Each change is a single committed statement, after which the verifier's cache is dropped.
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, invalidState, resourceMissing } from '../../core/errors.ts';
import { randomSecret } from '../../core/ids.ts';
import {
  apiKeysChanged,
  findKey,
  insertKey,
  listKeys,
  setKeyEnd,
  type ApiKeyRow,
  type ApiKeyType,
} from '../../store/api-keys-store.ts';

const PREFIX: Record<ApiKeyType, string> = { secret: 'sk_test_', restricted: 'rk_test_', publishable: 'pk_test_' };

/** Longest grace period for a rolled key: seven days, as Stripe's dashboard offers. */
export const MAX_ROLL_GRACE = 7 * 24 * 3600;

export interface ApiKeyObject {
  id: string;
  object: 'recur.api_key';
  type: ApiKeyType;
  name: string | null;
  /** Masked (`sk_test_…wxyz`); the publishable key is shown whole. */
  redacted: string;
  /** Only the publishable key's, always; a secret's only in the answer that made it. */
  secret?: string;
  token: string | null;
  created: number;
  expires_at: number | null;
  revoked_at: number | null;
  rolled_to: string | null;
  status: 'active' | 'expiring' | 'expired' | 'revoked';
  livemode: false;
}

export function keyStatus(k: Pick<ApiKeyRow, 'expires_at' | 'revoked_at'>, now: number): ApiKeyObject['status'] {
  if (k.revoked_at !== null && k.revoked_at <= now) return 'revoked';
  if (k.expires_at !== null) return k.expires_at <= now ? 'expired' : 'expiring';
  return 'active';
}

const keyObject = (k: ApiKeyRow, now: number, secret?: string): ApiKeyObject => ({
  id: k.id,
  object: 'recur.api_key',
  type: k.type,
  name: k.name,
  redacted: k.token ?? k.redacted ?? `${PREFIX[k.type]}…`,
  ...(secret ? { secret } : {}),
  token: k.token,
  created: k.created,
  expires_at: k.expires_at,
  revoked_at: k.revoked_at,
  rolled_to: k.rolled_to,
  status: keyStatus(k, now),
  livemode: false,
});

async function makeKey(ctx: ServiceContext, type: ApiKeyType, name: string | null): Promise<{ row: ApiKeyRow; secret: string } | null> {
  const secret = `${PREFIX[type]}${randomSecret()}`;
  const id = ctx.ids.next('key');
  if (!(await insertKey(ctx.db, { id, type, name, secret, created: ctx.clock.now() }))) return null;
  return { row: (await findKey(ctx.db, id))!, secret };
}

async function ensurePublishableKey(ctx: ServiceContext): Promise<void> {
  const keys = await listKeys(ctx.db);
  if (keys.some((k) => k.type === 'publishable' && k.revoked_at === null)) return;
  if (await makeKey(ctx, 'publishable', 'Publishable key')) apiKeysChanged();
}

export async function listApiKeys(ctx: ServiceContext, opts: { include_revoked?: boolean } = {}) {
  await ensurePublishableKey(ctx);
  const now = ctx.clock.now();
  const data = (await listKeys(ctx.db))
    .map((k) => keyObject(k, now))
    .filter((k) => opts.include_revoked || (k.status !== 'revoked' && k.status !== 'expired'));
  return { object: 'list', url: '/v1/recur/api_keys', has_more: false, data };
}

export async function retrieveApiKey(ctx: ServiceContext, id: string): Promise<ApiKeyObject> {
  const k = await findKey(ctx.db, id);
  if (!k) throw resourceMissing('api_key', id);
  return keyObject(k, ctx.clock.now());
}

export async function createApiKey(ctx: ServiceContext, input: { type: 'secret' | 'restricted'; name?: string }): Promise<ApiKeyObject> {
  const made = (await makeKey(ctx, input.type, input.name ?? null))!;
  apiKeysChanged();
  return keyObject(made.row, ctx.clock.now(), made.secret);
}

/** A live key (not revoked, not expired), or the error that says why not. */
async function liveKey(ctx: ServiceContext, id: string): Promise<ApiKeyRow> {
  const k = await findKey(ctx.db, id);
  if (!k) throw resourceMissing('api_key', id);
  const status = keyStatus(k, ctx.clock.now());
  if (status === 'revoked' || status === 'expired') throw invalidState(`The API key ${id} is ${status}; it cannot be changed.`);
  if (k.rolled_to) throw invalidState(`The API key ${id} was already rolled (to ${k.rolled_to}).`);
  return k;
}

/** A new key of the same type and name; the old one stops at once or after `expires_in` seconds. */
export async function rollApiKey(ctx: ServiceContext, id: string, input: { expires_in?: number }): Promise<ApiKeyObject> {
  const old = await liveKey(ctx, id);
  const grace = input.expires_in ?? 0;
  if (grace < 0 || grace > MAX_ROLL_GRACE) throw invalidRequest(`expires_in must be between 0 and ${MAX_ROLL_GRACE} seconds (7 days).`, 'expires_in');
  const now = ctx.clock.now();
  if (old.type === 'publishable') {
    // One publishable key at a time: the old one ends now, so the new one can take its place.
    await setKeyEnd(ctx.db, old.id, { revoked_at: now });
  }
  const made = (await makeKey(ctx, old.type, old.name))!;
  await setKeyEnd(ctx.db, old.id, { rolled_to: made.row.id, ...(old.type === 'publishable' ? {} : { expires_at: now + grace }) });
  apiKeysChanged();
  return keyObject(made.row, now, made.secret);
}

export async function revokeApiKey(ctx: ServiceContext, id: string): Promise<ApiKeyObject> {
  const k = await liveKey(ctx, id);
  if (k.type === 'publishable') throw invalidRequest('The publishable key cannot be revoked; roll it instead.', 'id');
  const now = ctx.clock.now();
  await setKeyEnd(ctx.db, k.id, { revoked_at: now });
  apiKeysChanged();
  return keyObject((await findKey(ctx.db, k.id))!, now);
}
