import { randomUUID } from "node:crypto"
import { Effect, Option } from "effect"
import type { Collection } from "mongodb"
import { Sessions } from "../ports/Sessions.ts"
import type { SessionRecord } from "../records.ts"
import type { SessionDocument } from "./collections.ts"
import { mongoOperation } from "./mongoOperation.ts"

const toSessionRecord = (document: SessionDocument): SessionRecord => ({
  id: document._id,
  tokenHash: document.tokenHash,
  userId: document.userId,
  createdAt: document.createdAt,
  lastSeenAt: document.lastSeenAt,
  expiresAt: document.expiresAt,
  userAgent: document.userAgent,
  ip: document.ip,
  label: document.label,
  revokedAt: document.revokedAt,
  revokedReason: document.revokedReason
})

const toSession = (document: SessionDocument | null) => Option.map(Option.fromNullishOr(document), toSessionRecord)

export const makeMongoSessions = (sessions: Collection<SessionDocument>): Sessions["Service"] =>
  Sessions.of({
    create: (session) =>
      mongoOperation("Sessions.create", async () => {
        const { id, ...fields } = session
        await sessions.insertOne({ _id: id, ...fields, expiresAtDate: new Date(session.expiresAt) })
      }),
    findByTokenHash: (tokenHash) =>
      mongoOperation("Sessions.findByTokenHash", () => sessions.findOne({ tokenHash })).pipe(Effect.map(toSession)),
    findById: (id) =>
      mongoOperation("Sessions.findById", () => sessions.findOne({ _id: id })).pipe(Effect.map(toSession)),
    listActiveByUser: (userId) =>
      mongoOperation("Sessions.listActiveByUser", () =>
        sessions.find({ userId, revokedAt: null }).sort({ createdAt: 1, _id: 1 }).toArray()
      ).pipe(Effect.map((documents) => documents.map(toSessionRecord))),
    touch: (id, lastSeenAt) =>
      mongoOperation("Sessions.touch", async () => {
        await sessions.updateOne({ _id: id }, { $set: { lastSeenAt } })
      }),
    // `revokedAt: null` in the filter is what makes revocation final: a revoked session never matches again.
    revoke: (id, reason, at) =>
      mongoOperation("Sessions.revoke", async () => {
        const result = await sessions.updateOne(
          { _id: id, revokedAt: null },
          { $set: { revokedAt: at, revokedReason: reason } }
        )
        return result.matchedCount === 1
      }),
    revokeAllOfUser: (userId, reason, at, exceptSessionId) =>
      mongoOperation("Sessions.revokeAllOfUser", async () => {
        // Each session is revoked atomically by exactly one call; the marker then names the ones this call
        // ended, even when another revocation of the same user runs at the same time.
        const revokedBy = randomUUID()
        await sessions.updateMany(
          {
            userId,
            revokedAt: null,
            ...(exceptSessionId === undefined ? {} : { _id: { $ne: exceptSessionId } })
          },
          { $set: { revokedAt: at, revokedReason: reason, revokedBy } }
        )
        const ended = await sessions.find({ userId, revokedBy }, { projection: { _id: 1 } }).toArray()
        return ended.map((document) => document._id)
      })
  })
