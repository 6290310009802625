import { Context, Effect, Layer, Stream } from "effect"
import { ContactMessages } from "../ports/ContactMessages.ts"
import { OneTimeTokens } from "../ports/OneTimeTokens.ts"
import { Outbox } from "../ports/Outbox.ts"
import { Sessions } from "../ports/Sessions.ts"
import { RateLimits } from "../ports/RateLimits.ts"
import { StoreHealth } from "../ports/StoreHealth.ts"
import { UserChangeFeed } from "../ports/UserChangeFeed.ts"
import { Users } from "../ports/Users.ts"
import type { StoreError } from "../StoreError.ts"
import type { StorePorts } from "../StorePorts.ts"
import { openDatabase } from "./database.ts"
import { makeEmbeddedContactMessages } from "./embeddedContactMessages.ts"
import { makeEmbeddedOneTimeTokens } from "./embeddedOneTimeTokens.ts"
import { makeEmbeddedOutbox } from "./embeddedOutbox.ts"
import { makeEmbeddedRateLimits } from "./embeddedRateLimits.ts"
import { makeEmbeddedSessions } from "./embeddedSessions.ts"
import { makeEmbeddedUsers } from "./embeddedUsers.ts"
import { storeOperation } from "./storeOperation.ts"
import { makeTransaction } from "./transaction.ts"

export type EmbeddedStoreOptions = {
  /** The folder holding `verity.sqlite` (created if missing), or ":memory:" for a throw-away store. */
  readonly dataDir: string
}

/**
 * The default store: one SQLite file, for one API process. The database is opened when the layer
 * is built and closed when its scope closes, so the same `dataDir` can be opened again afterwards.
 */
export const EmbeddedStore = {
  layer: (options: EmbeddedStoreOptions): Layer.Layer<StorePorts, StoreError> =>
    Layer.effectContext(
      Effect.gen(function* () {
        const db = yield* openDatabase(options.dataDir)
        return yield* storeOperation("prepare", () => {
          const selectOne = db.prepare("SELECT 1")
          const ping = storeOperation("StoreHealth.ping", () => {
            selectOne.get()
          })
          return Context.mergeAll(
            Context.make(Users, makeEmbeddedUsers(db)),
            Context.make(Sessions, makeEmbeddedSessions(db)),
            Context.make(OneTimeTokens, makeEmbeddedOneTimeTokens(db)),
            Context.make(Outbox, makeEmbeddedOutbox(db)),
            Context.make(ContactMessages, makeEmbeddedContactMessages(db)),
            // Only this process writes the file, and it dispatches its own changes as it makes them,
            // so there is nothing to feed.
            Context.make(UserChangeFeed, UserChangeFeed.of({ changes: Stream.never })),
            Context.make(StoreHealth, StoreHealth.of({ ping })),
            Context.make(RateLimits, makeEmbeddedRateLimits(db, makeTransaction(db)))
          )
        })
      })
    )
}
