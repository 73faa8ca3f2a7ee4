-- Dashboard staff: accounts with a role and an scrypt password hash, their sessions (the cookie's
-- hash and the CSRF token it pairs with), and one-time tokens (the owner's first sign-in link, invites).
CREATE TABLE staff_accounts (
  id text PRIMARY KEY,
  email text,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'viewer')),
  password_hash text,
  created bigint NOT NULL,
  disabled boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX staff_accounts_email ON staff_accounts (lower(email));

CREATE TABLE staff_sessions (
  secret_hash text PRIMARY KEY,
  account_id text NOT NULL REFERENCES staff_accounts (id),
  csrf_token text NOT NULL,
  created bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX staff_sessions_account ON staff_sessions (account_id);

CREATE TABLE staff_tokens (
  secret_hash text PRIMARY KEY,
  account_id text NOT NULL REFERENCES staff_accounts (id),
  purpose text NOT NULL CHECK (purpose IN ('first_sign_in', 'invite')),
  created bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint
);
