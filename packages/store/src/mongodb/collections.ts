import type { Collection, Db } from "mongodb"
import type {
  ClientOrigin,
  ContactMessageRecord,
  InspectorAccessRecord,
  InspectorAuditRecord,
  OneTimeTokenRecord,
  OutboxRecord,
  SessionRecord,
  SessionTrailRecord,
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

/** A record of the log-like collections: its id as `_id`, and `expiresAt` as a Date for the TTL index. */
type Expiring<Record extends { readonly id: string }> = Omit<Record, "id"> & {
  readonly _id: string
  readonly expiresAtDate: Date
}

/** Applied to each member of a union, so each kind of record keeps its own fields. */
type ExpiringEach<Record> = Record extends { readonly id: string } ? Expiring<Record> : never

export type SessionTrailDocument = ExpiringEach<SessionTrailRecord>

export type InspectorAccessDocument = Expiring<InspectorAccessRecord>

export type InspectorAuditDocument = Expiring<InspectorAuditRecord>

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
  readonly sessionTrail: Collection<SessionTrailDocument>
  readonly inspectorAccesses: Collection<InspectorAccessDocument>
  readonly inspectorAudit: Collection<InspectorAuditDocument>
  readonly serverSecrets: Collection<ServerSecretDocument>
}

export const storeCollections = (db: Db): StoreCollections => ({
  users: db.collection("users"),
  sessions: db.collection("sessions"),
  oneTimeTokens: db.collection("oneTimeTokens"),
  outbox: db.collection("outbox"),
  contactMessages: db.collection("contactMessages"),
  rateLimits: db.collection(rateLimitsCollection),
  sessionTrail: db.collection("sessionTrail"),
  inspectorAccesses: db.collection("inspectorAccesses"),
  inspectorAudit: db.collection("inspectorAudit"),
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
      { key: { userId: 1, createdAt: -1 } },
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
    ]),
    // A session's trail in order; the per-kind bound; a user's records newest first; a change's
    // dispatches. Each record carries its own expiry (AUDIT_RETENTION when it was written), so
    // the TTL index needs no change when the retention does: MongoDB refuses to change
    // `expireAfterSeconds` of an existing index without `collMod`.
    collections.sessionTrail.createIndexes([
      { key: { sessionId: 1, at: 1, seq: 1 } },
      { key: { sessionId: 1, kind: 1, at: 1, seq: 1 } },
      { key: { userId: 1, at: -1, seq: -1 } },
      { key: { userId: 1, kind: 1, userVersion: 1 } },
      { key: { expiresAtDate: 1 }, expireAfterSeconds: 0 }
    ]),
    collections.inspectorAccesses.createIndexes([
      { key: { tokenHash: 1 }, unique: true },
      { key: { expiresAtDate: 1 }, expireAfterSeconds: 0 }
    ]),
    collections.inspectorAudit.createIndexes([
      { key: { at: -1 } },
      { key: { expiresAtDate: 1 }, expireAfterSeconds: 0 }
    ])
  ])
}
