// Over 200 lines on purpose: one entry per setting; the one table --help, the README and .env.example come from.
/**
 * Every environment variable the server reads, with its default and meaning: the one source of
 * the configuration table that `--help` prints, that the README shows and that `.env.example`
 * lists (tests check that both files agree with it, and that AppConfig reads exactly these).
 * `expects` is what a start-up failure tells the operator to write instead of a bad value.
 *
 * Defaults and meanings are Markdown (backticks around literals); `--help` prints them plain.
 */
export type ConfigurationEntry = {
  readonly variable: string
  readonly default: string
  readonly meaning: string
  readonly expects: string
}

const duration = "a duration such as `90 seconds`, `15 minutes` or `7 days`"

export const configurationTable: ReadonlyArray<ConfigurationEntry> = [
  {
    variable: "PORT",
    default: "`3000`",
    meaning: "where the API (and the built web app) listens; `0` picks any free port",
    expects: "a port number from 0 to 65535"
  },
  {
    variable: "HOST",
    default: "`127.0.0.1`",
    meaning: "the address it listens on (`0.0.0.0`: every interface)",
    expects: "an address of this machine, such as `127.0.0.1` or `0.0.0.0`"
  },
  {
    variable: "PUBLIC_URL",
    default: "`http://localhost:$PORT`",
    meaning: "base of links in emails; `https://…` makes the session cookie `Secure` and `__Host-` and turns HSTS on",
    expects: "an absolute address such as `https://accounts.example.com`"
  },
  {
    variable: "DATA_DIR",
    default: "`./.data`",
    meaning:
      "the embedded store's folder (`verity.sqlite`), relative to where the command ran; one server per folder (a lock)",
    expects: "a folder this user can create and write"
  },
  {
    variable: "MONGODB_URI",
    default: "unset",
    meaning:
      "use MongoDB instead of the embedded store: a replica set, database named in the path, e.g. `mongodb://db1,db2,db3/verity?replicaSet=rs0`",
    expects: "a `mongodb://` address of a replica set, with the database in its path"
  },
  {
    variable: "SMTP_URL",
    default: "unset",
    meaning:
      "send mail over SMTP (`smtp://user:pass@host:587`); unset: the dev outbox keeps and logs each message and the public dev mailbox shows it; required in production",
    expects: "an `smtp://` or `smtps://` address"
  },
  {
    variable: "MAIL_FROM",
    default: "`Verity <no-reply@verity.localhost>`",
    meaning: "sender of every email",
    expects: "an address such as `Verity <no-reply@example.com>`"
  },
  {
    variable: "SUPPORT_EMAIL",
    default: "unset",
    meaning: "each contact-form message is also emailed here (through the outbox)",
    expects: "an email address such as `support@example.com`"
  },
  {
    variable: "ADMIN_TOKEN",
    default: "unset",
    meaning:
      "bearer token for `admin.*` procedures and `npm run admin`, and what the operator posts to sign in to the inspector; at least 32 characters (shorter: the server refuses to start); unset or empty: all of them are closed",
    expects: "a random secret of at least 32 characters, e.g. from `openssl rand -base64 32`"
  },
  {
    variable: "TRUST_PROXY",
    default: "unset",
    meaning:
      "addresses/CIDRs of the reverse proxies in front (comma-separated, e.g. `10.0.0.5, 10.1.0.0/16`): the client is the address their `X-Forwarded-For` names; unset: forwarded headers are ignored",
    expects: "comma-separated IP addresses or CIDR ranges such as `10.0.0.5, 10.1.0.0/16`"
  },
  {
    variable: "ALLOWED_ORIGINS",
    default: "unset",
    meaning: "more origins (comma-separated) whose pages may make cookie-authenticated changes",
    expects: "comma-separated origins such as `https://app.example.com,https://admin.example.com`"
  },
  {
    variable: "SESSION_LIFETIME",
    default: "`30 days`",
    meaning: "a session ends this long after sign-in, however active",
    expects: duration
  },
  {
    variable: "SESSION_IDLE_TIMEOUT",
    default: "`7 days`",
    meaning: "a session ends after this long without a request",
    expects: duration
  },
  {
    variable: "ACTOR_IDLE_EVICTION",
    default: "`15 minutes`",
    meaning: "a session with no request for this long leaves memory (it stays valid)",
    expects: duration
  },
  {
    variable: "RESEND_COOLDOWN",
    default: "`60 seconds`",
    meaning: "least time between two verification emails to one user",
    expects: duration
  },
  {
    variable: "HTTP_IDLE_TIMEOUT",
    default: "`30 seconds`",
    meaning: "a connection with no bytes either way for this long is closed (kept above the 15 s stream ping)",
    expects: duration
  },
  {
    variable: "HTTP_REQUEST_TIMEOUT",
    default: "`10 seconds`",
    meaning: "a request must have arrived whole (headers and body) this long after it began; else 408",
    expects: duration
  },
  {
    variable: "MAX_CONNECTIONS",
    default: "`1000`",
    meaning: "open connections beyond this are closed as they arrive",
    expects: "a whole number of at least 1"
  },
  {
    variable: "SHUTDOWN_DRAIN_TIMEOUT",
    default: "`10 seconds`",
    meaning:
      "on SIGTERM, how long in-flight requests get to finish (open streams end at once) before the server exits anyway",
    expects: duration
  },
  {
    variable: "METRICS_PORT",
    default: "unset",
    meaning: "serve Prometheus metrics at `/metrics` on this port (its own listener, never the public one); unset: off",
    expects: "a port number from 0 to 65535, other than `PORT`"
  },
  {
    variable: "METRICS_HOST",
    default: "`127.0.0.1`",
    meaning: "the address the metrics listener binds to",
    expects: "an address of this machine, such as `127.0.0.1`"
  },
  {
    variable: "LOG_FORMAT",
    default: "`json` in production, else `pretty`",
    meaning: "`json`: one JSON object per log line (for log collectors); `pretty`: for people",
    expects: "`json` or `pretty`"
  },
  {
    variable: "NODE_ENV",
    default: "`development`",
    meaning:
      "`production` turns on production rules: refuses to start without `SMTP_URL`, no dev mailbox, JSON logs, no email body or link in logs, no fail points",
    expects: "`production`, `development` or `test`"
  },
  {
    variable: "ARGON2_MEMORY_KIB",
    default: "`19456`",
    meaning: "argon2id memory cost (OWASP's floor); tests lower it",
    expects: "a whole number of KiB"
  },
  {
    variable: "ARGON2_TIME_COST",
    default: "`2`",
    meaning: "argon2id passes (OWASP's floor); tests lower it",
    expects: "a whole number"
  },
  {
    variable: "WEB_DIST_DIR",
    default: "`apps/web/dist`",
    meaning: "the built web app served on the API's origin (`npm start` builds it there)",
    expects: "the folder `vite build` wrote"
  },
  {
    variable: "INSTANCE_ID",
    default: "random per start",
    meaning:
      "this API process's name in the session trail and the inspector (letters, digits, `.`, `-`, `_`; up to 64); logged at start-up",
    expects: "1 to 64 letters, digits, dots, dashes or underscores, such as `api-1`"
  },
  {
    variable: "AUDIT_RETENTION",
    default: "`30 days`",
    meaning:
      "how long the session trail and the inspector's audit log are kept (each record keeps the retention it was written with)",
    expects: duration
  },
  {
    variable: "SESSION_TRAIL",
    default: "`on`",
    meaning:
      "`off` stops recording the session trail (the inspector's trail, replay and fan-out traces and the sessions page's history stay empty); the benchmarks compare both",
    expects: "`on` or `off`"
  },
  {
    variable: "INSPECTOR_DIST_DIR",
    default: "`apps/inspector/dist`",
    meaning: "the built inspector, served at `/inspector/` when `ADMIN_TOKEN` is set (`npm start` builds it)",
    expects: "the folder `vite build` wrote for the inspector"
  },
  {
    variable: "VERITY_FAIL_POINT",
    default: "unset",
    meaning:
      "tests only (`NODE_ENV=test`): `<point>:crash` or `<point>:delay <duration>` stops the server there on purpose; refused anywhere else",
    expects: "`<point>:crash` or `<point>:delay <duration>`, and only with `NODE_ENV=test`"
  }
]

const plain = (markdown: string) => markdown.replaceAll("`", "")

/** The table as `--help` prints it: one block per variable. */
export const configurationHelp = (): string =>
  configurationTable
    .map((entry) => `  ${entry.variable}  (default: ${plain(entry.default)})\n      ${plain(entry.meaning)}`)
    .join("\n")

export const configurationEntry = (variable: string): ConfigurationEntry | undefined =>
  configurationTable.find((entry) => entry.variable === variable)
