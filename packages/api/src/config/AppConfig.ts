import { Config, Context, Duration, Effect, Layer, Option, Redacted, Schema } from "effect"

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
  /** The dev mailbox (`dev.mailbox`, /dev/mailbox): on unless NODE_ENV=production with SMTP_URL set. */
  readonly devMailbox: boolean
  /** The built web app the API serves on the same origin, when set and built (the host sets it). */
  readonly webDistDir: Option.Option<string>
  /** The built inspector, served at /inspector when ADMIN_TOKEN is set and it is built (the host sets it). */
  readonly inspectorDistDir: Option.Option<string>
  /** This API process among several (INSTANCE_ID; a random one per start when unset): the session trail names it. */
  readonly instanceId: string
  /** How long the session trail and the inspector's audit log are kept. */
  readonly auditRetention: Duration.Duration
  /** Whether session steps are recorded in the trail (SESSION_TRAIL=off stops it; benchmarks compare). */
  readonly sessionTrail: boolean
  readonly argon2MemoryKib: number
  readonly argon2TimeCost: number
}

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
  // Set to nothing (`ADMIN_TOKEN=`) is unset, as in a shell: no empty operator token can open anything.
  adminToken: Config.Redacted("ADMIN_TOKEN").pipe(
    Config.option,
    Config.map(Option.filter((token) => Redacted.value(token) !== ""))
  ),
  allowedOrigins: Config.String("ALLOWED_ORIGINS").pipe(Config.withDefault("")),
  sessionLifetime: Config.Duration("SESSION_LIFETIME").pipe(Config.withDefault(Duration.days(30))),
  sessionIdleTimeout: Config.Duration("SESSION_IDLE_TIMEOUT").pipe(Config.withDefault(Duration.days(7))),
  actorIdleEviction: Config.Duration("ACTOR_IDLE_EVICTION").pipe(Config.withDefault(Duration.minutes(15))),
  resendCooldown: Config.Duration("RESEND_COOLDOWN").pipe(Config.withDefault(Duration.seconds(60))),
  // OWASP's recommended argon2id floor (19 MiB, 2 passes); tests lower it to stay fast.
  nodeEnv: Config.String("NODE_ENV").pipe(Config.withDefault("development")),
  webDistDir: Config.String("WEB_DIST_DIR").pipe(Config.option),
  inspectorDistDir: Config.String("INSPECTOR_DIST_DIR").pipe(Config.option),
  // It names records other instances read and log lines: short, and safe in both.
  instanceId: Config.schema(
    Schema.String.check(
      Schema.isPattern(/^[A-Za-z0-9._-]{1,64}$/, {
        message: "INSTANCE_ID must be 1 to 64 letters, digits, dots, dashes or underscores"
      })
    ),
    "INSTANCE_ID"
  ).pipe(Config.option),
  auditRetention: Config.Duration("AUDIT_RETENTION").pipe(Config.withDefault(Duration.days(30))),
  sessionTrail: Config.schema(Schema.Literals(["on", "off"]), "SESSION_TRAIL").pipe(Config.withDefault("on")),
  argon2MemoryKib: Config.Int("ARGON2_MEMORY_KIB").pipe(Config.withDefault(19_456)),
  argon2TimeCost: Config.Int("ARGON2_TIME_COST").pipe(Config.withDefault(2))
}).pipe(
  Config.map(({ publicUrl, allowedOrigins, nodeEnv, instanceId, sessionTrail, ...rest }): AppConfigValues => {
    const base = Option.getOrElse(publicUrl, () => `http://localhost:${rest.port}`).replace(/\/+$/, "")
    // With no PUBLIC_URL (local use), the page may be opened by either name of this machine.
    const local = Option.isNone(publicUrl) ? [`http://127.0.0.1:${rest.port}`] : []
    const extra = [
      ...local,
      ...allowedOrigins
        .split(",")
        .map((origin) => origin.trim())
        .filter((origin) => origin !== "")
    ]
    const devMailbox = !(nodeEnv === "production" && Option.isSome(rest.smtpUrl))
    return {
      ...rest,
      // Read per start (not once per module), so instances started in one process differ too.
      instanceId: Option.getOrElse(instanceId, () => `instance-${crypto.randomUUID().slice(0, 8)}`),
      sessionTrail: sessionTrail === "on",
      devMailbox,
      publicUrl: base,
      trustedOrigins: new Set([new URL(base).origin, ...extra.map((origin) => new URL(origin).origin)])
    }
  })
)

export class AppConfig extends Context.Service<AppConfig, AppConfigValues>()("@verity/api/AppConfig") {
  /** Reads the process environment (or whatever ConfigProvider is in place). */
  static readonly layer = Layer.effect(AppConfig, Effect.map(values, AppConfig.of))
}
