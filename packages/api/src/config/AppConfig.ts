// Over 200 lines on purpose: every setting is read, derived and checked in one place, once, at start-up.
import { EmailAddress } from "@verity/domain"
import { Config, Context, Duration, Effect, Layer, Option, Redacted, Schema } from "effect"
import { isAbsolute, resolve } from "node:path"
import { type FailPointSetting, failPointSetting } from "../faults/failPointSetting.ts"
import { startupFailureOfConfig } from "./StartupFailure.ts"
import { refuseUnsafe } from "./unsafeSettings.ts"

/** Everything the server reads from its environment, read and checked once at start-up. */
export type AppConfigValues = {
  readonly port: number
  readonly host: string
  /** Base of the links in emails; decides whether the session cookie is `Secure`. */
  readonly publicUrl: string
  /** Absolute: a relative DATA_DIR is taken from where the command ran (npm's INIT_CWD). */
  readonly dataDir: string
  readonly mongodbUri: Option.Option<Redacted.Redacted<string>>
  readonly smtpUrl: Option.Option<Redacted.Redacted<string>>
  readonly mailFrom: string
  /** Contact-form messages are also emailed here. */
  readonly supportEmail: Option.Option<string>
  readonly adminToken: Option.Option<Redacted.Redacted<string>>
  /**
   * Addresses and CIDR ranges of the reverse proxies in front (TRUST_PROXY): a request from one of
   * them is taken to come from the address its X-Forwarded-For names. Empty: forwarded headers
   * are ignored, and the client is whoever opened the connection.
   */
  readonly trustedProxies: ReadonlyArray<string>
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
  /** On SIGTERM, how long in-flight requests get before the server closes what is left and exits. */
  readonly shutdownDrainTimeout: Duration.Duration
  /** The Prometheus listener (`/metrics`), when METRICS_PORT is set. */
  readonly metrics: Option.Option<{ readonly port: number; readonly host: string }>
  readonly logFormat: "json" | "pretty"
  /** NODE_ENV=production: what would be unsafe there is refused at start-up. */
  readonly production: boolean
  /** The dev mailbox (`dev.mailbox`, /dev/mailbox), public to anyone: only with no SMTP_URL, outside production. */
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
  /** A fail point armed by a test (NODE_ENV=test only; refused anywhere else). */
  readonly failPoint: Option.Option<FailPointSetting>
}

const commaSeparated = (list: string): ReadonlyArray<string> =>
  list
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")

const Port = Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: 65_535 }))

const isWebAddress = (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)

/** An absolute http(s) address: links in emails must open from any mail client. */
const WebAddress = Schema.String.check(
  Schema.makeFilter(
    (value: string) => isWebAddress(value) || `"${value}" is not an absolute http:// or https:// address`
  )
)

const WebAddressList = Schema.String.check(
  Schema.makeFilter((value: string) => {
    const invalid = commaSeparated(value).find((origin) => !isWebAddress(origin))
    return invalid === undefined || `"${invalid}" is not an http:// or https:// origin`
  })
)

const values = Config.all({
  // 0 asks the system for any free port (tests, several local instances).
  port: Config.schema(Port, "PORT").pipe(Config.withDefault(3000)),
  host: Config.String("HOST").pipe(Config.withDefault("127.0.0.1")),
  publicUrl: Config.schema(WebAddress, "PUBLIC_URL").pipe(Config.option),
  dataDir: Config.String("DATA_DIR").pipe(Config.withDefault("./.data")),
  // npm runs workspace scripts in the workspace's folder and says where the user ran it here.
  invokedFrom: Config.String("INIT_CWD").pipe(Config.option),
  mongodbUri: Config.Redacted("MONGODB_URI").pipe(Config.option),
  smtpUrl: Config.Redacted("SMTP_URL").pipe(Config.option),
  mailFrom: Config.String("MAIL_FROM").pipe(Config.withDefault("Verity <no-reply@verity.localhost>")),
  supportEmail: Config.schema(EmailAddress, "SUPPORT_EMAIL").pipe(Config.option),
  // Set to nothing (`ADMIN_TOKEN=`) is unset, as in a shell: no empty operator token can open anything.
  adminToken: Config.Redacted("ADMIN_TOKEN").pipe(
    Config.option,
    Config.map(Option.filter((token) => Redacted.value(token) !== ""))
  ),
  allowedOrigins: Config.schema(WebAddressList, "ALLOWED_ORIGINS").pipe(Config.withDefault("")),
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
  // Below the 30 s most process managers wait between SIGTERM and SIGKILL, with room for the
  // outbox flush and closing the store.
  shutdownDrainTimeout: Config.Duration("SHUTDOWN_DRAIN_TIMEOUT").pipe(Config.withDefault(Duration.seconds(10))),
  metricsPort: Config.schema(Port, "METRICS_PORT").pipe(Config.option),
  // Loopback: the figures are for the operator's scraper, not for the internet.
  metricsHost: Config.String("METRICS_HOST").pipe(Config.withDefault("127.0.0.1")),
  logFormat: Config.schema(Schema.Literals(["json", "pretty"]), "LOG_FORMAT").pipe(Config.option),
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
  // OWASP's recommended argon2id floor (19 MiB, 2 passes); tests lower it to stay fast.
  argon2MemoryKib: Config.Int("ARGON2_MEMORY_KIB").pipe(Config.withDefault(19_456)),
  argon2TimeCost: Config.Int("ARGON2_TIME_COST").pipe(Config.withDefault(2)),
  failPoint: failPointSetting.pipe(Config.option)
})

type RawValues = Config.Success<typeof values>

const derive = ({
  publicUrl,
  allowedOrigins,
  trustProxy,
  nodeEnv,
  dataDir,
  invokedFrom,
  metricsPort,
  metricsHost,
  logFormat,
  instanceId,
  sessionTrail,
  ...rest
}: RawValues): AppConfigValues => {
  const base = Option.getOrElse(publicUrl, () => `http://localhost:${rest.port}`).replace(/\/+$/, "")
  // With no PUBLIC_URL (local use), the page may be opened by either name of this machine.
  const local = Option.isNone(publicUrl) ? [`http://127.0.0.1:${rest.port}`] : []
  const extra = [...local, ...commaSeparated(allowedOrigins)]
  const production = nodeEnv === "production"
  return {
    ...rest,
    // Read per start (not once per module), so instances started in one process differ too.
    instanceId: Option.getOrElse(instanceId, () => `instance-${crypto.randomUUID().slice(0, 8)}`),
    sessionTrail: sessionTrail === "on",
    production,
    devMailbox: Option.isNone(rest.smtpUrl) && !production,
    trustedProxies: commaSeparated(trustProxy),
    logFormat: Option.getOrElse(logFormat, () => (production ? "json" : "pretty")),
    dataDir: isAbsolute(dataDir)
      ? dataDir
      : resolve(
          Option.getOrElse(invokedFrom, () => process.cwd()),
          dataDir
        ),
    metrics: Option.map(metricsPort, (port) => ({ port, host: metricsHost })),
    publicUrl: base,
    trustedOrigins: new Set([new URL(base).origin, ...extra.map((origin) => new URL(origin).origin)])
  }
}

export class AppConfig extends Context.Service<AppConfig, AppConfigValues>()("@verity/api/AppConfig") {
  /** Reads the process environment (or whatever ConfigProvider is in place); a bad value is a StartupFailure. */
  static readonly layer = Layer.effect(
    AppConfig,
    values.pipe(
      Effect.mapError(startupFailureOfConfig),
      Effect.flatMap((raw) => refuseUnsafe(derive(raw), raw.nodeEnv)),
      Effect.map(AppConfig.of)
    )
  )
}
