import { Effect, Option, Redacted } from "effect"
import { proxyAddressProblem } from "../security/clientAddress.ts"
import type { AppConfigValues } from "./AppConfig.ts"
import { StartupFailure } from "./StartupFailure.ts"

/** An operator token shorter than this could be guessed; the server refuses to start with one. */
export const minimumAdminTokenLength = 32

/**
 * Settings that are each well formed but unsafe, alone or together. The server fails closed: it
 * does not start, and the refusal names the variable and the fix. Several would leave accounts
 * open to takeover (reset links in a public mailbox, a guessable operator token).
 */
const refusals = (config: AppConfigValues, nodeEnv: string): ReadonlyArray<StartupFailure> => {
  const refused: Array<StartupFailure> = []
  if (config.production && Option.isNone(config.smtpUrl)) {
    refused.push(
      new StartupFailure({
        variable: "SMTP_URL",
        problem:
          "must be set when NODE_ENV=production: without it every email, password-reset links included, " +
          "would go to the dev mailbox, which anyone can read",
        fix: "Set SMTP_URL to your mail relay, e.g. smtps://user:password@smtp.example.com:465."
      })
    )
  }
  if (Option.isSome(config.adminToken) && Redacted.value(config.adminToken.value).length < minimumAdminTokenLength) {
    refused.push(
      new StartupFailure({
        variable: "ADMIN_TOKEN",
        problem: `must be at least ${minimumAdminTokenLength} characters long`,
        fix: "Make one with `openssl rand -base64 32`, or unset it to close the operator procedures."
      })
    )
  }
  const badProxy = config.trustedProxies.map(proxyAddressProblem).find((problem) => problem !== null)
  if (badProxy !== undefined) {
    refused.push(
      new StartupFailure({
        variable: "TRUST_PROXY",
        problem: `lists the reverse proxies' addresses, comma-separated: ${badProxy}`,
        fix: "List only IP addresses and CIDR ranges, or unset it when no proxy is in front."
      })
    )
  }
  if (Option.isSome(config.failPoint) && nodeEnv !== "test") {
    refused.push(
      new StartupFailure({
        variable: "VERITY_FAIL_POINT",
        problem: `is a test-only hook that stops the server on purpose, and NODE_ENV is "${nodeEnv}"`,
        fix: "Unset VERITY_FAIL_POINT."
      })
    )
  }
  if (Option.isSome(config.metrics) && config.metrics.value.port !== 0 && config.metrics.value.port === config.port) {
    refused.push(
      new StartupFailure({
        variable: "METRICS_PORT",
        problem: `is the same as PORT (${config.port}), which serves the public API`,
        fix: "Give the metrics their own port."
      })
    )
  }
  return refused
}

/** The configuration as it is, or the first refusal. */
export const refuseUnsafe = (
  config: AppConfigValues,
  nodeEnv: string
): Effect.Effect<AppConfigValues, StartupFailure> => {
  const [first] = refusals(config, nodeEnv)
  return first === undefined ? Effect.succeed(config) : Effect.fail(first)
}
