import { layerDevOutbox, layerSmtp } from "@verity/mailer"
import { EmbeddedStore, MongoStore } from "@verity/store"
import { Effect, Layer, Option, Redacted } from "effect"
import { AccountRecovery } from "./accounts/AccountRecovery.ts"
import { AccountService } from "./accounts/AccountService.ts"
import { AccountSettings } from "./accounts/AccountSettings.ts"
import { EmailVerification } from "./accounts/EmailVerification.ts"
import { LegacyAddresses } from "./accounts/LegacyAddresses.ts"
import { PasswordReset } from "./accounts/PasswordReset.ts"
import { Suspension } from "./accounts/Suspension.ts"
import { AppConfig } from "./config/AppConfig.ts"
import { StartupFailure } from "./config/StartupFailure.ts"
import { FanOutTrace } from "./inspector/FanOutTrace.ts"
import { InspectorAccessControl } from "./inspector/InspectorAccessControl.ts"
import { LiveWatch } from "./inspector/LiveWatch.ts"
import { SessionInspection } from "./inspector/SessionInspection.ts"
import { SessionReplay } from "./inspector/SessionReplay.ts"
import { Shutdown } from "./lifecycle/Shutdown.ts"
import { MailDelivery } from "./mail/MailDelivery.ts"
import { Metrics } from "./observability/Metrics.ts"
import { DeviceTrust } from "./security/DeviceTrust.ts"
import { PasswordHasher } from "./security/PasswordHasher.ts"
import { RateLimiter } from "./security/RateLimiter.ts"
import { SessionActivity } from "./sessions/activity/SessionActivity.ts"
import { ChangeFeedRelay } from "./sessions/feed/ChangeFeedRelay.ts"
import { SessionEviction } from "./sessions/live/SessionEviction.ts"
import { LastSeenWrites } from "./sessions/live/LastSeenWrites.ts"
import { SessionLoader } from "./sessions/live/SessionLoader.ts"
import { LiveSessions } from "./sessions/live/SessionRegistry.ts"
import { SessionManager } from "./sessions/SessionManager.ts"
import { UserSessions } from "./sessions/UserSessions.ts"
import { UserTrail } from "./sessions/UserTrail.ts"
import { SupportService } from "./support/SupportService.ts"
import { SessionTrailRecorder } from "./trail/SessionTrailRecorder.ts"
import { UserChanges } from "./users/UserChanges.ts"

// The composition root: which adapter serves each port is decided here, from configuration.

const failToStart = (failure: StartupFailure) => Layer.effectContext(Effect.fail(failure))

const causeOf = (error: { readonly cause: unknown }) =>
  error.cause instanceof Error ? error.cause.message : String(error.cause)

/** The embedded store in DATA_DIR; a folder it cannot use, or one another server holds, stops the start. */
const embeddedStoreIn = (dataDir: string) =>
  EmbeddedStore.layer({ dataDir }).pipe(
    Layer.catchTag("DataFolderInUse", (inUse) =>
      failToStart(
        new StartupFailure({
          variable: "DATA_DIR",
          problem: inUse.message,
          fix: "Only one server may use a data folder: stop that one, or give this one another DATA_DIR."
        })
      )
    ),
    Layer.catchTag("StoreError", (error) =>
      failToStart(
        new StartupFailure({
          variable: "DATA_DIR",
          problem: `cannot use ${dataDir} (${causeOf(error)})`,
          fix: "Set DATA_DIR to a folder this user can create and write."
        })
      )
    )
  )

/** MongoDB when MONGODB_URI is set (several instances, change streams); otherwise one SQLite file. */
const StoreLayer = Layer.unwrap(
  AppConfig.use((config) =>
    Effect.succeed(
      Option.match(config.mongodbUri, {
        onNone: () => embeddedStoreIn(config.dataDir),
        onSome: (uri) =>
          MongoStore.layer({ uri: Redacted.value(uri) }).pipe(
            Layer.catchTag("StoreError", (error) =>
              failToStart(
                new StartupFailure({
                  variable: "MONGODB_URI",
                  problem: `the database could not be opened (${causeOf(error)})`,
                  fix: "Check the address, and that the replica set is up and reachable."
                })
              )
            )
          )
      })
    )
  )
)

/**
 * SMTP when SMTP_URL is set; otherwise the dev outbox (messages stay in the store and the log,
 * and the dev mailbox shows them to anyone who asks, which start-up says loudly). Production
 * without SMTP_URL never gets here: the configuration refuses it.
 */
const MailerLayer = Layer.unwrap(
  AppConfig.use((config) =>
    Option.match(config.smtpUrl, {
      onNone: () =>
        Effect.as(
          Effect.logWarning(
            "No SMTP_URL: emails are not sent. They are logged, and the dev mailbox (/dev/mailbox, dev.mailbox) " +
              "shows every one of them, reset links included, to ANYONE who can reach this server. " +
              "Set SMTP_URL before anyone else can."
          ),
          layerDevOutbox
        ),
      onSome: (url) => Effect.succeed(layerSmtp({ url: Redacted.value(url), from: config.mailFrom }))
    })
  )
)

/**
 * Where a session lives: the registry of live actors, what loads and evicts them, their
 * lastSeenAt writes, and the recorder of their trail (it hears of every step through SessionActivity).
 */
const LiveSessionsLayer = Layer.mergeAll(SessionLoader.layer, SessionEviction.layer, SessionTrailRecorder.layer).pipe(
  Layer.provideMerge(LiveSessions.layer),
  Layer.provideMerge(SessionActivity.layer),
  Layer.provideMerge(LastSeenWrites.layer)
)

/** What every other service may report to or wait on: the figures operators watch, and the shutdown. */
const OperationsLayer = Layer.mergeAll(Metrics.layer, Shutdown.layer).pipe(Layer.provideMerge(LiveSessionsLayer))

/** Services that need only the store and configuration. */
const FoundationLayer = Layer.mergeAll(
  SessionManager.layer,
  RateLimiter.layer,
  MailDelivery.layer.pipe(Layer.provide(MailerLayer)),
  PasswordHasher.layer,
  DeviceTrust.layer
).pipe(Layer.provideMerge(OperationsLayer), Layer.provideMerge(StoreLayer))

/** Where a user change enters: the one write path, which moves the user's live sessions. */
const UserChangesLayer = UserChanges.layer.pipe(Layer.provideMerge(FoundationLayer))

const VerificationLayer = Layer.mergeAll(EmailVerification.layer, AccountRecovery.layer).pipe(
  Layer.provideMerge(UserChangesLayer)
)

/** The inspector's services: read-only views of sessions and the trail, and who may use them. */
const InspectorLayer = Layer.mergeAll(
  LiveWatch.layer,
  FanOutTrace.layer,
  SessionReplay.layer,
  InspectorAccessControl.layer
).pipe(Layer.provideMerge(SessionInspection.layer))

export const AppLayer = Layer.mergeAll(
  AccountService.layer,
  AccountSettings.layer,
  PasswordReset.layer,
  Suspension.layer,
  UserSessions.layer,
  UserTrail.layer,
  SupportService.layer,
  ChangeFeedRelay,
  InspectorLayer,
  LegacyAddresses.layer
).pipe(Layer.provideMerge(VerificationLayer))

/** Everything a procedure may use. */
export type AppServices = Layer.Success<typeof AppLayer> | AppConfig
