import { layerDevOutbox, layerSmtp } from "@verity/mailer"
import { EmbeddedStore } from "@verity/store"
import { Effect, Layer, Option, Redacted } from "effect"
import { AccountService } from "./accounts/AccountService.ts"
import { EmailVerification } from "./accounts/EmailVerification.ts"
import { AppConfig } from "./config/AppConfig.ts"
import { MailDelivery } from "./mail/MailDelivery.ts"
import { PasswordHasher } from "./security/PasswordHasher.ts"
import { SessionManager } from "./sessions/SessionManager.ts"
import { SupportService } from "./support/SupportService.ts"

// The composition root: which adapter serves each port is decided here, from configuration.

const StoreLayer = Layer.unwrap(AppConfig.use((config) => Effect.succeed(EmbeddedStore.layer({ dataDir: config.dataDir }))))

/** SMTP when SMTP_URL is set; otherwise the dev outbox (messages stay in the store and the log). */
const MailerLayer = Layer.unwrap(AppConfig.use((config) =>
  Effect.succeed(Option.match(config.smtpUrl, {
    onNone: () => layerDevOutbox,
    onSome: (url) => layerSmtp({ url: Redacted.value(url), from: config.mailFrom })
  }))
))

const SessionsLayer = SessionManager.layer.pipe(Layer.provideMerge(StoreLayer))

const MailLayer = MailDelivery.layer.pipe(Layer.provide(MailerLayer), Layer.provide(SessionsLayer))

const VerificationLayer = EmailVerification.layer.pipe(Layer.provideMerge(MailLayer), Layer.provideMerge(SessionsLayer))

export const AppLayer = Layer.mergeAll(AccountService.layer, SupportService.layer).pipe(
  Layer.provideMerge(VerificationLayer),
  Layer.provideMerge(PasswordHasher.layer),
  Layer.provideMerge(SessionsLayer)
)

/** Everything a procedure may use. */
export type AppServices = Layer.Success<typeof AppLayer> | AppConfig
