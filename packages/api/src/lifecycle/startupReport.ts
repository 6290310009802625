import { Option, Redacted } from "effect"
import { join } from "node:path"
import type { AppConfigValues } from "../config/AppConfig.ts"

/** An address with any `user:password@` taken out, fit for a log line. */
const withoutCredentials = (address: string) => address.replace(/\/\/[^@/]*@/, "//")

/**
 * What an operator needs to know from the first lines of the log: where the data lives, how
 * mail leaves, and (with the dev outbox) where to read it.
 */
export const startupReport = (config: AppConfigValues): ReadonlyArray<string> => [
  Option.match(config.mongodbUri, {
    onNone: () => `Data: embedded store at ${join(config.dataDir, "verity.sqlite")} (DATA_DIR)`,
    onSome: (uri) => `Data: MongoDB at ${withoutCredentials(Redacted.value(uri))} (MONGODB_URI)`
  }),
  Option.match(config.smtpUrl, {
    onNone: () => "Mail: dev outbox (no SMTP_URL): emails stay in the store and in this log, and are not sent",
    onSome: (url) => `Mail: SMTP through ${withoutCredentials(Redacted.value(url))} (SMTP_URL)`
  }),
  ...(config.devMailbox ? [`Dev mailbox: ${config.publicUrl}/dev/mailbox`] : [])
]
