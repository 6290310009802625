import { Effect, Option } from "effect"
import type { Collection } from "mongodb"
import { OneTimeTokens } from "../ports/OneTimeTokens.ts"
import type { OneTimeTokenRecord } from "../records.ts"
import type { OneTimeTokenDocument } from "./collections.ts"
import type { MongoConnection } from "./mongoConnection.ts"

const toOneTimeTokenRecord = (document: OneTimeTokenDocument): OneTimeTokenRecord => ({
  id: document._id,
  purpose: document.purpose,
  userId: document.userId,
  email: document.email,
  linkHash: document.linkHash,
  codeHash: document.codeHash,
  createdAt: document.createdAt,
  linkExpiresAt: document.linkExpiresAt,
  codeExpiresAt: document.codeExpiresAt,
  codeAttempts: document.codeAttempts,
  consumedAt: document.consumedAt
})

const toToken = (document: OneTimeTokenDocument | null) =>
  Option.map(Option.fromNullishOr(document), toOneTimeTokenRecord)

// Newest first, by creation time and then id.
const newestFirst = { createdAt: -1, _id: -1 } as const

export const makeMongoOneTimeTokens = (
  tokens: Collection<OneTimeTokenDocument>,
  { operation }: MongoConnection
): OneTimeTokens["Service"] =>
  OneTimeTokens.of({
    issue: (token) =>
      operation("OneTimeTokens.issue", async (options) => {
        const { id, ...fields } = token
        await tokens.insertOne({ _id: id, ...fields, expiresAtDate: new Date(token.linkExpiresAt) }, options)
      }),
    findByLinkHash: (linkHash) =>
      operation("OneTimeTokens.findByLinkHash", (options) => tokens.findOne({ linkHash }, options)).pipe(
        Effect.map(toToken)
      ),
    findActive: (userId, purpose) =>
      operation("OneTimeTokens.findActive", (options) =>
        tokens.findOne({ userId, purpose, consumedAt: null }, { ...options, sort: newestFirst })
      ).pipe(Effect.map(toToken)),
    findLatest: (userId, purpose) =>
      operation("OneTimeTokens.findLatest", (options) =>
        tokens.findOne({ userId, purpose }, { ...options, sort: newestFirst })
      ).pipe(Effect.map(toToken)),
    // `consumedAt: null` in the filter makes this a compare-and-set: of two concurrent uses, one matches.
    consume: (id, at) =>
      operation("OneTimeTokens.consume", async (options) => {
        const result = await tokens.updateOne({ _id: id, consumedAt: null }, { $set: { consumedAt: at } }, options)
        return result.matchedCount === 1
      }),
    recordCodeAttempt: (id) =>
      operation("OneTimeTokens.recordCodeAttempt", async (options) => {
        const updated = await tokens.findOneAndUpdate(
          { _id: id },
          { $inc: { codeAttempts: 1 } },
          { ...options, returnDocument: "after", projection: { codeAttempts: 1 } }
        )
        if (updated === null) throw new Error(`No one-time token ${id}`)
        return updated.codeAttempts
      }),
    consumeOfUser: (userId, purposes, at) =>
      operation("OneTimeTokens.consumeOfUser", async (options) => {
        await tokens.updateMany(
          { userId, consumedAt: null, purpose: { $in: [...purposes] } },
          { $set: { consumedAt: at } },
          options
        )
      })
  })
