import { Context, Effect, Layer } from "effect"
import { MongoClient } from "mongodb"
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
import { ensureIndexes, storeCollections } from "./collections.ts"
import { makeMongoConnection } from "./mongoConnection.ts"
import { makeMongoContactMessages } from "./mongoContactMessages.ts"
import { makeMongoInspectorAccess } from "./mongoInspectorAccess.ts"
import { makeMongoOneTimeTokens } from "./mongoOneTimeTokens.ts"
import { mongoOperation } from "./mongoOperation.ts"
import { makeMongoOutbox } from "./mongoOutbox.ts"
import { makeMongoRateLimits } from "./mongoRateLimits.ts"
import { makeMongoServerSecrets } from "./mongoServerSecrets.ts"
import { makeMongoSessions } from "./mongoSessions.ts"
import { makeMongoSessionTrail } from "./mongoSessionTrail.ts"
import { makeMongoUserChangeFeed } from "./mongoUserChangeFeed.ts"
import { makeMongoUsers } from "./mongoUsers.ts"
import { makeMongoUserWrites } from "./mongoUserWrites.ts"

export type MongoStoreOptions = {
  /** A replica set's connection string (change streams and transactions need one); MONGODB_URI. */
  readonly uri: string
  /** Defaults to the database named in the URI (the driver's "test" when it names none). */
  readonly dbName?: string
}

/**
 * The store on MongoDB, for several API instances sharing one database. Building the layer
 * connects and creates the indexes; closing its scope closes the client (and with it every
 * change stream still open).
 */
export const MongoStore = {
  layer: (options: MongoStoreOptions): Layer.Layer<StorePorts, StoreError> =>
    Layer.effectContext(
      Effect.gen(function* () {
        const client = yield* Effect.acquireRelease(
          mongoOperation("open", () =>
            // ignoreUndefined: an optional field left undefined is stored absent, not as null, so
            // records read back equal the ones written.
            new MongoClient(options.uri, { ignoreUndefined: true }).connect()
          ),
          (opened) => Effect.promise(() => opened.close())
        )
        const db = client.db(options.dbName)
        const collections = storeCollections(db)
        yield* mongoOperation("open", () => ensureIndexes(collections))
        const connection = makeMongoConnection(client)
        const ping = mongoOperation("StoreHealth.ping", async () => {
          await db.command({ ping: 1 })
        })
        return Context.mergeAll(
          Context.make(Users, makeMongoUsers(collections.users, connection)),
          Context.make(UserWrites, makeMongoUserWrites(collections, connection)),
          Context.make(StoreTransactions, StoreTransactions.of({ transact: connection.transact })),
          Context.make(Sessions, makeMongoSessions(collections.sessions, connection)),
          Context.make(OneTimeTokens, makeMongoOneTimeTokens(collections.oneTimeTokens, connection)),
          Context.make(Outbox, makeMongoOutbox(collections.outbox, connection)),
          Context.make(ContactMessages, makeMongoContactMessages(collections.contactMessages, connection)),
          Context.make(UserChangeFeed, makeMongoUserChangeFeed(collections.users, collections.sessions)),
          Context.make(StoreHealth, StoreHealth.of({ ping })),
          Context.make(RateLimits, makeMongoRateLimits(db, collections.rateLimits, connection)),
          Context.make(SessionTrail, makeMongoSessionTrail(collections.sessionTrail, connection)),
          Context.make(
            InspectorAccess,
            makeMongoInspectorAccess(collections.inspectorAccesses, collections.inspectorAudit, connection)
          ),
          Context.make(ServerSecrets, makeMongoServerSecrets(collections.serverSecrets, connection))
        )
      })
    )
}
