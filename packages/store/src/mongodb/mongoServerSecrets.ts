import { randomBytes } from "node:crypto"
import type { Collection } from "mongodb"
import { ServerSecrets } from "../ports/ServerSecrets.ts"
import type { ServerSecretDocument } from "./collections.ts"
import type { MongoConnection } from "./mongoConnection.ts"

export const makeMongoServerSecrets = (
  secrets: Collection<ServerSecretDocument>,
  { operation }: MongoConnection
): ServerSecrets["Service"] =>
  ServerSecrets.of({
    obtain: (name) =>
      operation("ServerSecrets.obtain", async (options) => {
        // An upsert that only ever inserts: the first instance's key stays, later ones read it.
        // Two first upserts at once may collide on _id (11000); the loser reads the winner's.
        const fresh = randomBytes(32).toString("base64url")
        try {
          await secrets.updateOne({ _id: name }, { $setOnInsert: { secret: fresh } }, { ...options, upsert: true })
        } catch (error) {
          if ((error as { code?: unknown }).code !== 11000) throw error
        }
        const stored = await secrets.findOne({ _id: name }, options)
        if (stored === null) throw new Error(`The server secret ${name} vanished as it was made`)
        return new Uint8Array(Buffer.from(stored.secret, "base64url"))
      })
  })
