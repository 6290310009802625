import { randomUUID } from "node:crypto"
import { Effect, Option } from "effect"
import type { Collection } from "mongodb"
import { Sessions } from "../ports/Sessions.ts"
import type { SessionRecord } from "../records.ts"
import type { SessionDocument } from "./collections.ts"
import type { MongoConnection } from "./mongoConnection.ts"

const toSessionRecord = (document: SessionDocument): SessionRecord => ({
  id: document._id,
  tokenHash: document.tokenHash,
  userId: document.userId,
  createdAt: document.createdAt,
  lastSeenAt: document.lastSeenAt,
  expiresAt: document.expiresAt,
  userAgent: document.userAgent,
  ip: document.ip,
  revokedAt: document.revokedAt,
  revokedReason: document.revokedReason
})

const toSession = (document: SessionDocument | null) => Option.map(Option.fromNullishOr(document), toSessionRecord)

export const makeMongoSessions = (
  sessions: Collection<SessionDocument>,
  { operation }: MongoConnection
): Sessions["Service"] =>
  Sessions.of({
    create: (session) =>
      operation("Sessions.create", async (options) => {
        const { id, ...fields } = session
        await sessions.insertOne({ _id: id, ...fields, expiresAtDate: new Date(session.expiresAt) }, options)
      }),
    findByTokenHash: (tokenHash) =>
      operation("Sessions.findByTokenHash", (options) => sessions.findOne({ tokenHash }, options)).pipe(
        Effect.map(toSession)
      ),
    findById: (id) =>
      operation("Sessions.findById", (options) => sessions.findOne({ _id: id }, options)).pipe(Effect.map(toSession)),
    listActiveByUser: (userId) =>
      operation("Sessions.listActiveByUser", (options) =>
        sessions.find({ userId, revokedAt: null }, options).sort({ createdAt: 1, _id: 1 }).toArray()
      ).pipe(Effect.map((documents) => documents.map(toSessionRecord))),
    listRecentByUser: (userId, limit) =>
      operation("Sessions.listRecentByUser", (options) =>
        sessions.find({ userId }, options).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray()
      ).pipe(Effect.map((documents) => documents.map(toSessionRecord))),
    touch: (id, lastSeenAt) =>
      operation("Sessions.touch", async (options) => {
        await sessions.updateOne({ _id: id }, { $set: { lastSeenAt } }, options)
      }),
    // `revokedAt: null` in the filter is what makes revocation final: a revoked session never matches again.
    revoke: (id, reason, at) =>
      operation("Sessions.revoke", async (options) => {
        const result = await sessions.updateOne(
          { _id: id, revokedAt: null },
          { $set: { revokedAt: at, revokedReason: reason } },
          options
        )
        return result.matchedCount === 1
      }),
    revokeAllOfUser: (userId, reason, at, exceptSessionId) =>
      operation("Sessions.revokeAllOfUser", async (options) => {
        // Each session is revoked atomically by exactly one call; the marker then names the ones this call
        // ended, even when another revocation of the same user runs at the same time.
        const revokedBy = randomUUID()
        await sessions.updateMany(
          {
            userId,
            revokedAt: null,
            ...(exceptSessionId === undefined ? {} : { _id: { $ne: exceptSessionId } })
          },
          { $set: { revokedAt: at, revokedReason: reason, revokedBy } },
          options
        )
        const ended = await sessions.find({ userId, revokedBy }, { ...options, projection: { _id: 1 } }).toArray()
        return ended.map((document) => document._id)
      })
  })
