// Bearer API-key authentication. Keys are stored as SHA-256 hashes (store/api-keys-store.ts);
// verified keys are cached until any key changes (the store's revision moves), and their expiry
// is checked against the clock on every request. A publishable key is refused here with 401, as
// Stripe refuses it for secret-key endpoints; a restricted key is let through as read-only.
import type { Db } from '../../store/db.ts';
import type { Clock } from '../../core/clock.ts';
import { authenticationFailed, permissionDenied } from '../../core/errors.ts';
import { randomIds, randomSecret } from '../../core/ids.ts';
import { apiKeysRevision, findKeyBySecret, hashSecret, redact, type ApiKeyType } from '../../store/api-keys-store.ts';

export { hashSecret };

export interface VerifiedKey {
  id: string;
  type: ApiKeyType;
}

interface CachedKey extends VerifiedKey {
  /** When a rolled key stops working (null: never); revoked keys are never cached. */
  end: number | null;
}

export class ApiKeyVerifier {
  private cache = new Map<string, CachedKey>();
  private revision = apiKeysRevision();
  constructor(
    private db: Db,
    private clock: Clock,
  ) {}

  /** Returns the key, or throws the 401 Stripe gives. */
  async verify(authorization: string | undefined): Promise<VerifiedKey> {
    const secret = parseAuthorization(authorization);
    if (this.revision !== apiKeysRevision() || this.cache.size > 1000) {
      this.cache.clear();
      this.revision = apiKeysRevision();
    }
    let key = this.cache.get(secret);
    if (!key) {
      const row = await findKeyBySecret(this.db, secret);
      const end = row ? Math.min(row.expires_at ?? Infinity, row.revoked_at ?? Infinity) : 0;
      if (!row || end <= this.clock.now()) throw invalidKey(secret, row ? 'expired' : 'unknown');
      key = { id: row.id, type: row.type, end: end === Infinity ? null : end };
      this.cache.set(secret, key);
    }
    if (key.end !== null && key.end <= this.clock.now()) {
      this.cache.delete(secret);
      throw invalidKey(secret, 'expired');
    }
    if (key.type === 'publishable')
      throw authenticationFailed('This API call cannot be made with a publishable API key. Please use a secret API key.');
    return { id: key.id, type: key.type };
  }

  /** A key that may write: a restricted (read-only) key is refused with 403, as Stripe refuses it. */
  async verifyWriter(authorization: string | undefined, what: string): Promise<VerifiedKey> {
    const key = await this.verify(authorization);
    if (key.type === 'restricted')
      throw permissionDenied(`The provided key '${key.id}' is a restricted read-only key: it does not have the required permissions for ${what}. Use a secret key to make changes.`);
    return key;
  }
}

function invalidKey(secret: string, why: 'unknown' | 'expired') {
  const shown = secret.length > 12 ? `${secret.slice(0, 8)}${'*'.repeat(8)}${secret.slice(-4)}` : '****';
  return authenticationFailed(why === 'expired' ? `Expired API Key provided: ${shown}` : `Invalid API Key provided: ${shown}`);
}

function parseAuthorization(header: string | undefined): string {
  if (!header)
    throw authenticationFailed(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  const m = /^Bearer\s+(\S+)$/i.exec(header) ?? /^Basic\s+(\S+)$/i.exec(header);
  if (!m) throw authenticationFailed('Invalid Authorization header: use Bearer auth with your secret key.');
  let secret = m[1];
  if (/^Basic/i.test(header)) secret = Buffer.from(secret, 'base64').toString('utf8').replace(/:$/, '');
  return secret;
}

/** Stores a secret key (given, or newly generated) and returns it. */
export async function ensureApiKey(db: Db, now: number, given?: string): Promise<{ secret: string; created: boolean }> {
  const insert = (secret: string) =>
    db.query(`INSERT INTO api_keys (id, secret_hash, created, type, name, redacted) VALUES ($1, $2, $3, 'secret', $4, $5)`, [
      randomIds.next('key'),
      hashSecret(secret),
      now,
      'Standard key',
      redact(secret),
    ]);
  if (given) {
    if (!given.startsWith('sk_test_')) throw new Error('RECUR_API_KEY must start with sk_test_');
    const rows = await db.query('SELECT id FROM api_keys WHERE secret_hash = $1', [hashSecret(given)]);
    if (!rows.length) await insert(given);
    return { secret: given, created: rows.length === 0 };
  }
  const secret = `sk_test_${randomSecret(40)}`;
  await insert(secret);
  return { secret, created: true };
}
