-- API keys as the dashboard's Developers page manages them: secret (sk_test_), restricted read-only
-- (rk_test_) and the account's one publishable key (pk_test_, public, so its token is kept to show).
-- A rolled key may stay valid until expires_at; a revoked key is refused from revoked_at.
ALTER TABLE api_keys ADD COLUMN type text NOT NULL DEFAULT 'secret';
ALTER TABLE api_keys ADD COLUMN name text;
ALTER TABLE api_keys ADD COLUMN redacted text;
ALTER TABLE api_keys ADD COLUMN token text;
ALTER TABLE api_keys ADD COLUMN expires_at bigint;
ALTER TABLE api_keys ADD COLUMN revoked_at bigint;
ALTER TABLE api_keys ADD COLUMN rolled_to text;
CREATE UNIQUE INDEX api_keys_one_publishable ON api_keys (type) WHERE type = 'publishable' AND revoked_at IS NULL;
