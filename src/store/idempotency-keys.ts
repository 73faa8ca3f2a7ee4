// Idempotency-Key: a POST's response is stored in the same transaction as its changes, so a
// replay returns it, a concurrent duplicate waits on the key's row and then replays it, and a
// crash leaves neither. Keys are kept 24 hours.
import { createHash } from 'node:crypto';
import type { Db } from './db.ts';
import { idempotencyMismatch } from '../core/errors.ts';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface StoredResponse {
  status: number;
  body: string;
}

export function paramsHash(method: string, path: string, params: unknown): string {
  return createHash('sha256').update(`${method} ${path} ${stableJson(params)}`).digest('base64url');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as any)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

export async function findStored(
  db: Db,
  apiKeyId: string,
  key: string,
  hash: string,
  now: number,
): Promise<StoredResponse | null> {
  const rows = await db.query(
    'SELECT params_hash, status, body, created FROM idempotency_keys WHERE api_key_id = $1 AND key = $2',
    [apiKeyId, key],
  );
  if (!rows.length || rows[0].created < now - IDEMPOTENCY_TTL_SECONDS) return null;
  if (rows[0].params_hash !== hash) throw idempotencyMismatch(key);
  return { status: rows[0].status, body: rows[0].body };
}

/** Records the response; false when another request stored the key first (the caller rolls back and replays). */
export async function storeResponse(
  tx: Db,
  rec: { apiKeyId: string; key: string; method: string; path: string; hash: string; status: number; body: string; now: number },
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO idempotency_keys (api_key_id, key, method, path, params_hash, status, body, created)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (api_key_id, key) DO UPDATE SET params_hash = EXCLUDED.params_hash, status = EXCLUDED.status,
       body = EXCLUDED.body, created = EXCLUDED.created, method = EXCLUDED.method, path = EXCLUDED.path
       WHERE idempotency_keys.created < $8 - ${IDEMPOTENCY_TTL_SECONDS}
     RETURNING key`,
    [rec.apiKeyId, rec.key, rec.method, rec.path, rec.hash, rec.status, rec.body, rec.now],
  );
  return rows.length > 0;
}

export async function purgeExpiredKeys(db: Db, now: number): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE created < $1', [now - IDEMPOTENCY_TTL_SECONDS]);
}
