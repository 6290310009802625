import { Context, Effect, Layer, Stream } from "effect"
import { join } from "node:path"
import { ContactMessages } from "../ports/ContactMessages.ts"
import { OneTimeTokens } from "../ports/OneTimeTokens.ts"
import { Outbox } from "../ports/Outbox.ts"
import { InspectorAccess } from "../ports/InspectorAccess.ts"
import { RateLimits } from "../ports/RateLimits.ts"
import { ServerSecrets } from "../ports/ServerSecrets.ts"
import { Sessions } from "../ports/Sessions.ts"
import { SessionTrail } from "../ports/SessionTrail.ts"
import { StoreHealth } from "../ports/StoreHealth.ts"
import { StoreTransactions } from "../ports/StoreTransactions.ts"
import { UserChangeFeed } from "../ports/UserChangeFeed.ts"
import { Users } from "../ports/Users.ts"
import { UserWrites } from "../ports/UserWrites.ts"
import type { StoreError } from "../StoreError.ts"
import type { StorePorts } from "../StorePorts.ts"
import { makeEmbeddedConnection } from "./connection.ts"
import type { DataFolderInUse } from "./dataFolder.ts"
import { startBackgroundCheckpoints } from "./backgroundCheckpoints.ts"
import { databaseFileName, inMemory, openDatabase, walPathOf } from "./database.ts"
import { makeDurableCommits, WalSync } from "./durableCommits.ts"
import { makeEmbeddedContactMessages } from "./embeddedContactMessages.ts"
import { makeEmbeddedInspectorAccess } from "./embeddedInspectorAccess.ts"
import { makeEmbeddedOneTimeTokens } from "./embeddedOneTimeTokens.ts"
import { makeEmbeddedOutbox } from "./embeddedOutbox.ts"
import { makeEmbeddedRateLimits } from "./embeddedRateLimits.ts"
import { makeEmbeddedServerSecrets } from "./embeddedServerSecrets.ts"
import { makeEmbeddedSessions } from "./embeddedSessions.ts"
import { makeEmbeddedSessionTrail } from "./embeddedSessionTrail.ts"
import { makeEmbeddedUsers } from "./embeddedUsers.ts"
import { makeEmbeddedUserWrites } from "./embeddedUserWrites.ts"
import { storeOperation } from "./storeOperation.ts"

export type EmbeddedStoreOptions = {
  /** The folder holding `verity.sqlite` (created if missing), or ":memory:" for a throw-away store. */
  readonly dataDir: string
}

/**
 * The default store: one SQLite file, for one API process. The database is opened when the layer
 * is built and closed when its scope closes, so the same `dataDir` can be opened again afterwards.
 * Every port shares one connection (see `connection.ts` for how fibers take turns on it). One
 * process at a time holds a `dataDir` (dataFolder.ts): a second fails with DataFolderInUse.
 */
export const EmbeddedStore = {
  layer: (options: EmbeddedStoreOptions): Layer.Layer<StorePorts, StoreError | DataFolderInUse> =>
    Layer.effectContext(
      Effect.gen(function* () {
        const db = yield* openDatabase(options.dataDir)
        // Stopped before the database closes (finalizers run last added first).
        if (options.dataDir !== inMemory) yield* startBackgroundCheckpoints(db, join(options.dataDir, databaseFileName))
        const sync = yield* WalSync
        const durable = yield* Effect.acquireRelease(
          storeOperation("prepare", () => makeDurableCommits(db, walPathOf(options.dataDir), sync)),
          // Released before the database closes (finalizers run last added first).
          (commits) => commits.close
        )
        return yield* storeOperation("prepare", () => {
          const connection = makeEmbeddedConnection(db, durable)
          const probe = db.prepare(
            "INSERT INTO store_health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at"
          )
          // A write, committed and synced like any other: reads still work on a full or read-only disk.
          const ping = connection.operation("StoreHealth.ping", () => {
            probe.run(new Date().toISOString())
          })
          return Context.mergeAll(
            Context.make(Users, makeEmbeddedUsers(connection)),
            Context.make(UserWrites, makeEmbeddedUserWrites(connection)),
            Context.make(StoreTransactions, StoreTransactions.of({ transact: connection.transact })),
            Context.make(Sessions, makeEmbeddedSessions(connection)),
            Context.make(OneTimeTokens, makeEmbeddedOneTimeTokens(connection)),
            Context.make(Outbox, makeEmbeddedOutbox(connection)),
            Context.make(ContactMessages, makeEmbeddedContactMessages(connection)),
            // Only this process writes the file, and it dispatches its own changes as it makes them,
            // so there is nothing to feed.
            Context.make(UserChangeFeed, UserChangeFeed.of({ changes: Stream.never })),
            Context.make(StoreHealth, StoreHealth.of({ ping })),
            Context.make(RateLimits, makeEmbeddedRateLimits(connection)),
            Context.make(SessionTrail, makeEmbeddedSessionTrail(connection)),
            Context.make(InspectorAccess, makeEmbeddedInspectorAccess(connection)),
            Context.make(ServerSecrets, makeEmbeddedServerSecrets(connection))
          )
        })
      })
    )
}
