import type { Collection, Db } from "mongodb"
import type {
  ClientOrigin,
  ContactMessageRecord,
  OneTimeTokenRecord,
  OutboxRecord,
  SessionRecord,
  UserChangeStamp,
  UserRecord
} from "../records.ts"

// Each document is its record with the id as `_id`, plus only what MongoDB itself needs: a BSON
// Date for the TTL indexes (which ignore strings), and a marker used by Sessions.revokeAllOfUser.

export type UserDocument = Omit<UserRecord, "id" | "lastChange" | "createdFrom" | "everConfirmed"> & {
  readonly _id: string
  /** Absent on users written before stamps existed. */
  readonly lastChange?: UserChangeStamp | null
  /** Absent on users written before they were kept. */
  readonly createdFrom?: ClientOrigin | null
  readonly everConfirmed?: boolean
}

export type SessionDocument = Omit<SessionRecord, "id"> & {
  readonly _id: string
  /** `expiresAt` as a Date, for the TTL index. */
  readonly expiresAtDate: Date
  /** The revokeAllOfUser call that revoked it, so that call can answer exactly the ids it ended. */
  readonly revokedBy?: string
}

export type OneTimeTokenDocument = Omit<OneTimeTokenRecord, "id"> & {
  readonly _id: string
  /** `linkExpiresAt` (the later of its two ends) as a Date, for the TTL index. */
  readonly expiresAtDate: Date
}

export type OutboxDocument = Omit<OutboxRecord, "id"> & { readonly _id: string }

export type ContactMessageDocument = Omit<ContactMessageRecord, "id"> & { readonly _id: string }

/** Written by rate-limiter-flexible's RateLimiterMongo: one counter per rule and key. */
export type RateLimitDocument = {
  /** The rule's name and the limited key. */
  readonly key: string
  readonly points: number
  /** When the window ends; null for a counter without one. */
  readonly expire: Date | null
}

export const rateLimitsCollection = "rateLimits"

/** A key the server made for itself (ServerSecrets), base64url. */
export type ServerSecretDocument = { readonly _id: string; readonly secret: string }

export type StoreCollections = {
  readonly users: Collection<UserDocument>
  readonly sessions: Collection<SessionDocument>
  readonly oneTimeTokens: Collection<OneTimeTokenDocument>
  readonly outbox: Collection<OutboxDocument>
  readonly contactMessages: Collection<ContactMessageDocument>
  readonly rateLimits: Collection<RateLimitDocument>
  readonly serverSecrets: Collection<ServerSecretDocument>
}

export const storeCollections = (db: Db): StoreCollections => ({
  users: db.collection("users"),
  sessions: db.collection("sessions"),
  oneTimeTokens: db.collection("oneTimeTokens"),
  outbox: db.collection("outbox"),
  contactMessages: db.collection("contactMessages"),
  rateLimits: db.collection(rateLimitsCollection),
  serverSecrets: db.collection("serverSecrets")
})

/**
 * Expired sessions and tokens are deleted this long after they expire, not at once: until then
 * the API can still tell "expired" from "unknown" (TOKEN_EXPIRED rather than TOKEN_INVALID).
 */
const keptAfterExpirySeconds = 7 * 24 * 60 * 60

/**
 * Creates the indexes the adapter relies on. Idempotent: MongoDB answers an identical existing
 * index with a no-op, so every layer build runs it.
 */
export const ensureIndexes = async (collections: StoreCollections): Promise<void> => {
  await Promise.all([
    collections.users.createIndex({ email: 1 }, { unique: true }),
    collections.sessions.createIndexes([
      { key: { tokenHash: 1 }, unique: true },
      { key: { userId: 1, revokedAt: 1, createdAt: 1 } },
      { key: { expiresAtDate: 1 }, expireAfterSeconds: keptAfterExpirySeconds }
    ]),
    collections.oneTimeTokens.createIndexes([
      { key: { linkHash: 1 }, unique: true },
      { key: { userId: 1, purpose: 1, createdAt: -1 } },
      { key: { expiresAtDate: 1 }, expireAfterSeconds: keptAfterExpirySeconds }
    ]),
    collections.outbox.createIndexes([
      { key: { sentAt: 1, failedAt: 1, nextAttemptAt: 1 } },
      { key: { createdAt: -1 } }
    ]),
    // The indexes RateLimiterMongo would make itself: one counter per key, gone when its window ends.
    collections.rateLimits.createIndexes([
      { key: { key: 1 }, unique: true },
      { key: { expire: -1 }, expireAfterSeconds: 0 }
    ])
  ])
}
