// Idempotency-Key: a POST claims its key before its command runs, and the answer is stored under it.
// A transactional command claims inside its own transaction: the key's advisory lock is held until
// the commit, so a concurrent duplicate waits on it and then finds the stored answer. A command that
// commits in several transactions (it calls out to a gateway) claims in a committed row marked in
// progress; duplicates poll until it is finished, and a claim older than IN_PROGRESS_TIMEOUT_SECONDS
// is taken to belong to a request that crashed. Keys are kept 24 hours.
import { createHash } from 'node:crypto';
import type { Db } from './db.ts';
import { idempotencyMismatch } from '../core/errors.ts';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
export const IN_PROGRESS_TIMEOUT_SECONDS = 10 * 60;
/** `status` of a row whose command is still running (transaction: false commands only). */
const IN_PROGRESS = 0;

export interface KeyRef {
  apiKeyId: string;
  key: string;
  method: string;
  path: string;
  /** paramsHash of the request: the same key with other parameters is an idempotency_error. */
  hash: string;
}

export type Claim = { state: 'claimed' } | { state: 'in_progress' } | { state: 'stored'; status: number; body: string };

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

/**
 * Claims the key inside the caller's transaction. The lock and the lookup are pipelined with the
 * transaction's BEGIN (one round trip); the lookup is a statement of its own so that, after waiting
 * for the lock, it sees what the request holding it committed.
 */
export async function claimInTransaction(tx: Db, ref: KeyRef, now: number): Promise<Claim> {
  const lock = ['SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${ref.apiKeyId} ${ref.key}`]] as const;
  if (tx.enqueue) tx.enqueue(lock[0], [...lock[1]]);
  else await tx.query(lock[0], [...lock[1]]);
  const rows = await tx.query(
    'SELECT params_hash, status, body, created FROM idempotency_keys WHERE api_key_id = $1 AND key = $2',
    [ref.apiKeyId, ref.key],
  );
  const row = rows[0];
  if (!row || row.created < now - IDEMPOTENCY_TTL_SECONDS) return { state: 'claimed' };
  if (row.status === IN_PROGRESS && row.created < now - IN_PROGRESS_TIMEOUT_SECONDS) return { state: 'claimed' };
  if (row.params_hash !== ref.hash) throw idempotencyMismatch(ref.key);
  if (row.status === IN_PROGRESS) return { state: 'in_progress' };
  return { state: 'stored', status: row.status, body: row.body };
}

/** Claims the key in a transaction of its own, committed with an in-progress row when it is free. */
export function claimInProgress(db: Db, ref: KeyRef, now: number): Promise<Claim> {
  return db.transaction(async (tx) => {
    const claim = await claimInTransaction(tx, ref, now);
    if (claim.state === 'claimed') await writeRow(tx, ref, IN_PROGRESS, '', now);
    return claim;
  });
}

/** Stores the answer under the key: enqueued with the command's last writes when in its transaction. */
export async function storeResponse(db: Db, ref: KeyRef, answer: { status: number; body: string }, now: number): Promise<void> {
  await writeRow(db, ref, answer.status, answer.body, now);
}

/** Frees a key whose command changed nothing (a 400 or 404), so a corrected retry can run. */
export async function releaseClaim(db: Db, ref: KeyRef): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE api_key_id = $1 AND key = $2 AND status = $3', [
    ref.apiKeyId,
    ref.key,
    IN_PROGRESS,
  ]);
}

async function writeRow(db: Db, ref: KeyRef, status: number, body: string, now: number): Promise<void> {
  // Replaces an expired key or this request's own claim; the caller holds the key's claim.
  const sql = `INSERT INTO idempotency_keys (api_key_id, key, method, path, params_hash, status, body, created)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (api_key_id, key) DO UPDATE SET params_hash = EXCLUDED.params_hash, status = EXCLUDED.status,
       body = EXCLUDED.body, created = EXCLUDED.created, method = EXCLUDED.method, path = EXCLUDED.path`;
  const params = [ref.apiKeyId, ref.key, ref.method, ref.path, ref.hash, status, body, now];
  if (db.enqueue) db.enqueue(sql, params);
  else await db.query(sql, params);
}

export async function purgeExpiredKeys(db: Db, now: number): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE created < $1', [now - IDEMPOTENCY_TTL_SECONDS]);
}
