import { Config, Context, Duration, Effect, Layer, Option, Redacted, Schema } from "effect"
import { proxyAddressProblem } from "../security/clientAddress.ts"

/** An operator token shorter than this could be guessed; the server refuses to start with one. */
export const minimumAdminTokenLength = 32

/** Everything the server reads from its environment, read and checked once at start-up. */
export type AppConfigValues = {
  readonly port: number
  readonly host: string
  /** Base of the links in emails; decides whether the session cookie is `Secure`. */
  readonly publicUrl: string
  readonly dataDir: string
  readonly mongodbUri: Option.Option<Redacted.Redacted<string>>
  readonly smtpUrl: Option.Option<Redacted.Redacted<string>>
  readonly mailFrom: string
  readonly adminToken: Option.Option<Redacted.Redacted<string>>
  /**
   * Addresses and CIDR ranges of the reverse proxies in front (TRUST_PROXY): a request from one of
   * them is taken to come from the address its X-Forwarded-For names. Empty: forwarded headers
   * are ignored, and the client is whoever opened the connection.
   */
  readonly trustedProxies: ReadonlyArray<string>
  /** NODE_ENV=production: what would be unsafe there is refused at start-up. */
  readonly production: boolean
  /** Origins whose pages may make cookie-authenticated changes: PUBLIC_URL's, plus ALLOWED_ORIGINS. */
  readonly trustedOrigins: ReadonlySet<string>
  /** A session ends this long after sign-in, however active. */
  readonly sessionLifetime: Duration.Duration
  /** A session ends after this long without a request. */
  readonly sessionIdleTimeout: Duration.Duration
  /** A live actor with no request for this long leaves memory; the store keeps its session. */
  readonly actorIdleEviction: Duration.Duration
  /** Least time between two verification emails to one user. */
  readonly resendCooldown: Duration.Duration
  /** A connection with no bytes either way for this long is closed (idle keep-alive or stuck). */
  readonly httpIdleTimeout: Duration.Duration
  /** A request must have arrived whole (headers and body) this long after it began. */
  readonly httpRequestTimeout: Duration.Duration
  /** Open connections beyond this are closed as they arrive. */
  readonly maxConnections: number
  /** The dev mailbox (`dev.mailbox`, /dev/mailbox), public to anyone: only with no SMTP_URL, outside production. */
  readonly devMailbox: boolean
  /** The built web app the API serves on the same origin, when set and built (the host sets it). */
  readonly webDistDir: Option.Option<string>
  readonly argon2MemoryKib: number
  readonly argon2TimeCost: number
}

const commaSeparated = (list: string): ReadonlyArray<string> =>
  list
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")

/** A setting the server will not start with, and why; the message names the variable. */
export class ConfigurationRefused extends Schema.TaggedError<ConfigurationRefused>()("ConfigurationRefused", {
  variable: Schema.String,
  message: Schema.String
}) {}

const values = Config.all({
  // 0 asks the system for any free port (tests, several local instances).
  port: Config.schema(
    Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: 65_535 })),
    "PORT"
  ).pipe(Config.withDefault(3000)),
  host: Config.String("HOST").pipe(Config.withDefault("127.0.0.1")),
  publicUrl: Config.String("PUBLIC_URL").pipe(Config.option),
  dataDir: Config.String("DATA_DIR").pipe(Config.withDefault("./.data")),
  mongodbUri: Config.Redacted("MONGODB_URI").pipe(Config.option),
  smtpUrl: Config.Redacted("SMTP_URL").pipe(Config.option),
  mailFrom: Config.String("MAIL_FROM").pipe(Config.withDefault("Verity <no-reply@verity.localhost>")),
  adminToken: Config.Redacted("ADMIN_TOKEN").pipe(Config.option),
  allowedOrigins: Config.String("ALLOWED_ORIGINS").pipe(Config.withDefault("")),
  trustProxy: Config.String("TRUST_PROXY").pipe(Config.withDefault("")),
  sessionLifetime: Config.Duration("SESSION_LIFETIME").pipe(Config.withDefault(Duration.days(30))),
  sessionIdleTimeout: Config.Duration("SESSION_IDLE_TIMEOUT").pipe(Config.withDefault(Duration.days(7))),
  actorIdleEviction: Config.Duration("ACTOR_IDLE_EVICTION").pipe(Config.withDefault(Duration.minutes(15))),
  resendCooldown: Config.Duration("RESEND_COOLDOWN").pipe(Config.withDefault(Duration.seconds(60))),
  // Above the 15 s between pings of a `session.changes` stream (trpc.ts), which must not count as idle.
  httpIdleTimeout: Config.Duration("HTTP_IDLE_TIMEOUT").pipe(Config.withDefault(Duration.seconds(30))),
  // Bodies are at most 64 KiB: ten seconds is ample for a slow phone, and cuts off a slowloris.
  httpRequestTimeout: Config.Duration("HTTP_REQUEST_TIMEOUT").pipe(Config.withDefault(Duration.seconds(10))),
  // Below the usual limit of 1,024 open files, so a flood meets this cap before the process runs
  // out of descriptors for the store and the mail server.
  maxConnections: Config.schema(
    Schema.NumberFromString.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(1)),
    "MAX_CONNECTIONS"
  ).pipe(Config.withDefault(1000)),
  // OWASP's recommended argon2id floor (19 MiB, 2 passes); tests lower it to stay fast.
  nodeEnv: Config.String("NODE_ENV").pipe(Config.withDefault("development")),
  webDistDir: Config.String("WEB_DIST_DIR").pipe(Config.option),
  argon2MemoryKib: Config.Int("ARGON2_MEMORY_KIB").pipe(Config.withDefault(19_456)),
  argon2TimeCost: Config.Int("ARGON2_TIME_COST").pipe(Config.withDefault(2))
}).pipe(
  Config.map(({ publicUrl, allowedOrigins, trustProxy, nodeEnv, ...rest }): AppConfigValues => {
    const base = Option.getOrElse(publicUrl, () => `http://localhost:${rest.port}`).replace(/\/+$/, "")
    // With no PUBLIC_URL (local use), the page may be opened by either name of this machine.
    const local = Option.isNone(publicUrl) ? [`http://127.0.0.1:${rest.port}`] : []
    const extra = [...local, ...commaSeparated(allowedOrigins)]
    const production = nodeEnv === "production"
    return {
      ...rest,
      production,
      devMailbox: Option.isNone(rest.smtpUrl) && !production,
      trustedProxies: commaSeparated(trustProxy),
      publicUrl: base,
      trustedOrigins: new Set([new URL(base).origin, ...extra.map((origin) => new URL(origin).origin)])
    }
  })
)

/** Fails closed: each setting here would leave accounts open to takeover, so the server does not start. */
const refuseUnsafe = (config: AppConfigValues): Effect.Effect<AppConfigValues, ConfigurationRefused> => {
  if (config.production && Option.isNone(config.smtpUrl)) {
    return Effect.fail(
      new ConfigurationRefused({
        variable: "SMTP_URL",
        message:
          "SMTP_URL must be set when NODE_ENV=production: without it every email, password-reset links included, " +
          "would go to the dev mailbox, which anyone can read."
      })
    )
  }
  if (Option.isSome(config.adminToken) && Redacted.value(config.adminToken.value).length < minimumAdminTokenLength) {
    return Effect.fail(
      new ConfigurationRefused({
        variable: "ADMIN_TOKEN",
        message: `ADMIN_TOKEN must be at least ${minimumAdminTokenLength} characters long (e.g. \`openssl rand -base64 32\`), or unset to close the operator procedures.`
      })
    )
  }
  const badProxy = config.trustedProxies.map(proxyAddressProblem).find((problem) => problem !== null)
  if (badProxy !== undefined) {
    return Effect.fail(
      new ConfigurationRefused({
        variable: "TRUST_PROXY",
        message: `TRUST_PROXY lists the reverse proxies' addresses, comma-separated: ${badProxy}.`
      })
    )
  }
  return Effect.succeed(config)
}

export class AppConfig extends Context.Service<AppConfig, AppConfigValues>()("@verity/api/AppConfig") {
  /** Reads the process environment (or whatever ConfigProvider is in place), and refuses unsafe settings. */
  static readonly layer = Layer.effect(AppConfig, Effect.map(Effect.flatMap(values, refuseUnsafe), AppConfig.of))
}
