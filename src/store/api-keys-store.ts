// The api_keys table: secret, restricted and publishable keys. Secrets are kept only as SHA-256
// hashes (the publishable token, being public, is kept as it is). A process-wide revision lets the
// key verifier drop what it cached when a key is revoked, rolled or created.
import { createHash } from 'node:crypto';
import type { Db } from '../core/db.ts';

export type ApiKeyType = 'secret' | 'restricted' | 'publishable';

export interface ApiKeyRow {
  id: string;
  type: ApiKeyType;
  name: string | null;
  redacted: string | null;
  token: string | null;
  created: number;
  expires_at: number | null;
  revoked_at: number | null;
  rolled_to: string | null;
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** `sk_test_…wxyz`: enough to recognise a key, never enough to use it. */
export const redact = (secret: string) => `${secret.slice(0, 8)}…${secret.slice(-4)}`;

let revision = 0;
export const apiKeysRevision = () => revision;
/** Called after a change to the keys is committed. */
export const apiKeysChanged = () => {
  revision++;
};

const COLUMNS = 'id, type, name, redacted, token, created::float8 AS created, expires_at::float8 AS expires_at, revoked_at::float8 AS revoked_at, rolled_to';

const row = (r: any): ApiKeyRow => ({
  ...r,
  created: Number(r.created),
  expires_at: r.expires_at === null ? null : Number(r.expires_at),
  revoked_at: r.revoked_at === null ? null : Number(r.revoked_at),
});

export async function findKeyBySecret(db: Db, secret: string): Promise<ApiKeyRow | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = $1`, [hashSecret(secret)]);
  return rows.length ? row(rows[0]) : null;
}

export async function findKey(db: Db, id: string): Promise<ApiKeyRow | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
  return rows.length ? row(rows[0]) : null;
}

/** Every key, newest first (there are few). */
export async function listKeys(db: Db): Promise<ApiKeyRow[]> {
  return (await db.query(`SELECT ${COLUMNS} FROM api_keys ORDER BY created DESC, id DESC`)).map(row);
}

export async function insertKey(
  db: Db,
  key: { id: string; type: ApiKeyType; name: string | null; secret: string; created: number },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO api_keys (id, secret_hash, created, type, name, redacted, token) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING RETURNING id`,
    [key.id, hashSecret(key.secret), key.created, key.type, key.name, redact(key.secret), key.type === 'publishable' ? key.secret : null],
  );
  return rows.length > 0;
}

export async function setKeyEnd(db: Db, id: string, end: { expires_at?: number; revoked_at?: number; rolled_to?: string }): Promise<void> {
  await db.query(
    `UPDATE api_keys SET expires_at = coalesce($2, expires_at), revoked_at = coalesce($3, revoked_at), rolled_to = coalesce($4, rolled_to) WHERE id = $1`,
    [id, end.expires_at ?? null, end.revoked_at ?? null, end.rolled_to ?? null],
  );
}
