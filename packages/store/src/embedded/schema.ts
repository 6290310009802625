/**
 * The schema as a list of migrations; migration `i` takes a database from `PRAGMA user_version`
 * `i` to `i + 1`. Append, never edit: files written by an earlier build are migrated forward.
 *
 * Each row keeps the whole record as JSON in `doc` (what is read back) and copies of the fields
 * that are looked up or filtered on in indexed columns; every write updates both in one statement.
 */
export const migrations: ReadonlyArray<string> = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  ) STRICT;

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    revoked INTEGER NOT NULL,
    doc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX sessions_by_user ON sessions (user_id, revoked, created_at);

  CREATE TABLE one_time_tokens (
    id TEXT PRIMARY KEY,
    link_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    created_at TEXT NOT NULL,
    consumed_at TEXT,
    doc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX one_time_tokens_by_user ON one_time_tokens (user_id, purpose, created_at);

  CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    settled INTEGER NOT NULL,
    doc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX outbox_due ON outbox (settled, next_attempt_at);
  CREATE INDEX outbox_recent ON outbox (created_at);

  CREATE TABLE contact_messages (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    doc TEXT NOT NULL
  ) STRICT;
  `,
  // Owned by rate-limiter-flexible's SQLite store (its own schema), created here so it exists
  // before the first request and is migrated with the rest.
  `
  CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    points INTEGER NOT NULL DEFAULT 0,
    expire INTEGER
  );
  `,
  // Records change shape in place, so reads stay a plain JSON.parse of `doc` (they are on the hot
  // paths) instead of filling in defaults on every read.
  // - A user written before stamps existed has never been stamped: `lastChange` null, as for a
  //   user never changed since sign-up.
  // - `label` was never set and is no longer part of a session.
  `
  UPDATE users SET doc = json_set(doc, '$.lastChange', json('null'))
  WHERE json_type(doc, '$.lastChange') IS NULL;

  UPDATE sessions SET doc = json_remove(doc, '$.label')
  WHERE json_type(doc, '$.label') IS NOT NULL;
  `,
  // Users gain the device they signed up from (unknown for earlier accounts) and whether an address
  // of theirs was ever confirmed. For earlier accounts that is known only when it is confirmed now,
  // or was never changed since sign-up (version 1, so never confirmed); anything else counts as
  // confirmed once, so an earlier account is never offered for deletion on a guess.
  `
  UPDATE users SET doc = json_set(doc,
    '$.createdFrom', json('null'),
    '$.everConfirmed', json(CASE WHEN json_extract(doc, '$.emailConfirmed') OR version > 1 THEN 'true' ELSE 'false' END))
  WHERE json_type(doc, '$.everConfirmed') IS NULL;
  `,
  // /readyz writes here: a store whose disk is full or read-only still answers reads, so only
  // a write can tell that it cannot take changes. One row, rewritten at each probe.
  `
  CREATE TABLE store_health (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
  ) STRICT;
  `,
  // Keys the server makes for itself on first use (ServerSecrets), such as the device-cookie key.
  `
  CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL
  ) STRICT;
  `,
  // The session trail, and who used the inspector. No foreign keys: the trail is a log that is
  // appended in batches off the hot path, and a record must not fail for a row it only names.
  // - by_session serves a session's trail in order; by_session_kind the per-kind bound;
  //   by_user a user's records newest first; dispatches a fan-out trace; expiry the retention.
  `
  CREATE TABLE session_trail (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    session_id TEXT,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    seq INTEGER NOT NULL,
    user_version INTEGER NOT NULL,
    expires_at TEXT NOT NULL,
    doc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX session_trail_by_session ON session_trail (session_id, at, seq);
  CREATE INDEX session_trail_by_session_kind ON session_trail (session_id, kind, at, seq);
  CREATE INDEX session_trail_by_user ON session_trail (user_id, at, seq);
  CREATE INDEX session_trail_dispatches ON session_trail (user_id, user_version) WHERE kind = 'dispatched';
  CREATE INDEX session_trail_expiry ON session_trail (expires_at);

  CREATE TABLE inspector_accesses (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    ended INTEGER NOT NULL,
    expires_at TEXT NOT NULL,
    doc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX inspector_accesses_expiry ON inspector_accesses (expires_at);

  CREATE TABLE inspector_audit (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    doc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX inspector_audit_recent ON inspector_audit (at);
  CREATE INDEX inspector_audit_expiry ON inspector_audit (expires_at);
  `
]
