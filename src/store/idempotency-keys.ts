// Idempotency-Key: a POST claims its key before its command runs, and the answer is stored under it.
// A transactional command claims inside its own transaction: the key's advisory lock is held until
// the commit, so a concurrent duplicate waits on it and then finds the stored answer. A command that
// commits in several transactions (it calls out to a gateway) claims in a committed row marked in
// progress; duplicates poll until it is finished, and a claim older than IN_PROGRESS_TIMEOUT_SECONDS
// is taken to belong to a request that crashed. Keys are kept 24 hours.
import { createHash } from 'node:crypto';
import type { Db, Row } from './db.ts';
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

export type Claim = { state: 'claimed'; replaces: boolean } | { state: 'in_progress' } | { state: 'stored'; status: number; body: string };

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
 * Claims the key inside the caller's transaction, in one statement pipelined with its BEGIN: it
 * takes the key's advisory lock if free and reads the key's row. When another request holds the
 * lock, it waits for it in a statement of its own and reads again, so it sees what the other
 * committed. (A row committed between this statement's snapshot and its lock is caught by the
 * primary key when the answer is stored: see isKeyTaken.)
 */
export async function claimInTransaction(tx: Db, ref: KeyRef, now: number): Promise<Claim> {
  const lockKey = `${ref.apiKeyId} ${ref.key}`;
  const rows = await tx.query(
    `SELECT l.locked, k.params_hash, k.status, k.body, k.created
       FROM (SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked) l
       LEFT JOIN idempotency_keys k ON k.api_key_id = $2 AND k.key = $3`,
    [lockKey, ref.apiKeyId, ref.key],
  );
  if (rows[0].locked) return claimFrom(rows[0].params_hash === null ? undefined : rows[0], ref, now);
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey]);
  const again = await tx.query(
    'SELECT params_hash, status, body, created FROM idempotency_keys WHERE api_key_id = $1 AND key = $2',
    [ref.apiKeyId, ref.key],
  );
  return claimFrom(again[0], ref, now);
}

function claimFrom(row: Row | undefined, ref: KeyRef, now: number): Claim {
  if (!row) return { state: 'claimed', replaces: false };
  if (row.created < now - IDEMPOTENCY_TTL_SECONDS) return { state: 'claimed', replaces: true };
  // An in-progress claim this old belongs to a request that crashed.
  if (row.status === IN_PROGRESS && row.created < now - IN_PROGRESS_TIMEOUT_SECONDS) return { state: 'claimed', replaces: true };
  if (row.params_hash !== ref.hash) throw idempotencyMismatch(ref.key);
  if (row.status === IN_PROGRESS) return { state: 'in_progress' };
  return { state: 'stored', status: row.status, body: row.body };
}

/** Claims the key in a transaction of its own, committed with an in-progress row when it is free. */
export function claimInProgress(db: Db, ref: KeyRef, now: number): Promise<Claim> {
  return db.transaction(async (tx) => {
    const claim = await claimInTransaction(tx, ref, now);
    if (claim.state === 'claimed') await writeRow(tx, ref, { status: IN_PROGRESS, body: '' }, now, claim.replaces ? 'replace' : 'insert');
    return claim;
  });
}

/**
 * Stores the answer under the key: enqueued with the command's last writes when in its
 * transaction. `replaces` when the claim found a row to take over (expired, or the request's own
 * in-progress row); otherwise a plain INSERT, so a row another request committed meanwhile fails
 * it on the primary key instead of being overwritten.
 */
export async function storeResponse(db: Db, ref: KeyRef, answer: { status: number; body: string }, now: number, replaces: boolean): Promise<void> {
  await writeRow(db, ref, answer, now, replaces ? 'replace' : 'insert');
}

/** Stores an answer given after the claim was rolled back, unless another request stored one since. */
export async function storeResponseIfAbsent(db: Db, ref: KeyRef, answer: { status: number; body: string }, now: number): Promise<void> {
  await writeRow(db, ref, answer, now, 'keep');
}

/** True for the failure of storing an answer under a key another request stored first. */
export const isKeyTaken = (e: unknown): boolean =>
  !!e && typeof e === 'object' && (e as { code?: string }).code === '23505' && (e as { constraint?: string }).constraint === 'idempotency_keys_pkey';

/** Frees a key whose command changed nothing (a 400 or 404), so a corrected retry can run. */
export async function releaseClaim(db: Db, ref: KeyRef): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE api_key_id = $1 AND key = $2 AND status = $3', [
    ref.apiKeyId,
    ref.key,
    IN_PROGRESS,
  ]);
}

const ON_CONFLICT = {
  insert: '',
  keep: ' ON CONFLICT (api_key_id, key) DO NOTHING',
  replace: ` ON CONFLICT (api_key_id, key) DO UPDATE SET params_hash = EXCLUDED.params_hash, status = EXCLUDED.status,
       body = EXCLUDED.body, created = EXCLUDED.created, method = EXCLUDED.method, path = EXCLUDED.path`,
};

async function writeRow(
  db: Db,
  ref: KeyRef,
  answer: { status: number; body: string },
  now: number,
  mode: keyof typeof ON_CONFLICT,
): Promise<void> {
  const sql = `INSERT INTO idempotency_keys (api_key_id, key, method, path, params_hash, status, body, created)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)${ON_CONFLICT[mode]}`;
  const params = [ref.apiKeyId, ref.key, ref.method, ref.path, ref.hash, answer.status, answer.body, now];
  if (db.enqueue) db.enqueue(sql, params);
  else await db.query(sql, params);
}

export async function purgeExpiredKeys(db: Db, now: number): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE created < $1', [now - IDEMPOTENCY_TTL_SECONDS]);
}
