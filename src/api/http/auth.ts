// Bearer secret-key authentication. Keys are stored as SHA-256 hashes; verified hashes are
// cached briefly so a hot read path does not query the key table on every request.
import { createHash } from 'node:crypto';
import type { Db } from '../../store/db.ts';
import { authenticationFailed } from '../../core/errors.ts';
import { randomIds, randomSecret } from '../../core/ids.ts';

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export class ApiKeyVerifier {
  private cache = new Map<string, string>();
  constructor(private db: Db) {}

  /** Returns the key's id, or throws the 401 Stripe gives. */
  async verify(authorization: string | undefined): Promise<string> {
    const secret = parseAuthorization(authorization);
    const cached = this.cache.get(secret);
    if (cached) return cached;
    const rows = await this.db.query('SELECT id FROM api_keys WHERE secret_hash = $1', [hashSecret(secret)]);
    if (!rows.length) {
      const shown = secret.length > 12 ? `${secret.slice(0, 8)}${'*'.repeat(8)}${secret.slice(-4)}` : '****';
      throw authenticationFailed(`Invalid API Key provided: ${shown}`);
    }
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(secret, rows[0].id);
    return rows[0].id;
  }
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
  if (given) {
    if (!given.startsWith('sk_test_')) throw new Error('RECUR_API_KEY must start with sk_test_');
    const hash = hashSecret(given);
    const rows = await db.query('SELECT id FROM api_keys WHERE secret_hash = $1', [hash]);
    if (!rows.length)
      await db.query('INSERT INTO api_keys (id, secret_hash, created) VALUES ($1, $2, $3)', [randomIds.next('key'), hash, now]);
    return { secret: given, created: rows.length === 0 };
  }
  const secret = `sk_test_${randomSecret(40)}`;
  await db.query('INSERT INTO api_keys (id, secret_hash, created) VALUES ($1, $2, $3)', [randomIds.next('key'), hashSecret(secret), now]);
  return { secret, created: true };
}
