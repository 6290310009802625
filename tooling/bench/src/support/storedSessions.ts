import { type SessionRecord, Sessions, StoreTransactions, UserWrites } from "@verity/store"
import { Effect } from "effect"
import { createHash, randomBytes } from "node:crypto"

// Rows written per transaction: one commit (and one log sync) per chunk, not per session.
const chunkSize = 10_000

const sha256Hex = (secret: string) => createHash("sha256").update(secret).digest("hex")
const iso = (ms: number) => new Date(ms).toISOString()

export type StoredSession = { readonly token: string; readonly sessionId: string }

/**
 * Writes `users` users with `perUser` sessions each straight into the store, in large
 * transactions, as a server's data folder holds them after a while: the sessions exist but none
 * is live. Answers the bearer token of every session, in order.
 */
export const writeStoredSessions = (users: number, perUser: number) =>
  Effect.gen(function* () {
    const writes = yield* UserWrites
    const sessions = yield* Sessions
    const transactions = yield* StoreTransactions
    const now = Date.now()
    const stored: Array<StoredSession> = []
    const writeUser = (index: number) =>
      Effect.gen(function* () {
        const user = yield* writes.create({
          id: crypto.randomUUID(),
          email: `stored-${index}@bench.test`,
          emailConfirmed: index % 2 === 0,
          status: "active",
          passwordHash: "bench-user-never-signs-in",
          createdFrom: null,
          createdAt: iso(now)
        })
        for (let session = 0; session < perUser; session++) {
          const token = randomBytes(32).toString("base64url")
          const record: SessionRecord = {
            id: crypto.randomUUID(),
            tokenHash: sha256Hex(token),
            userId: user.id,
            createdAt: iso(now),
            lastSeenAt: iso(now),
            expiresAt: iso(now + 30 * 24 * 60 * 60 * 1000),
            userAgent: "verity-bench",
            ip: null,
            revokedAt: null,
            revokedReason: null
          }
          yield* sessions.create(record)
          stored.push({ token, sessionId: record.id })
        }
      })
    const usersPerChunk = Math.max(1, Math.floor(chunkSize / perUser))
    for (let first = 0; first < users; first += usersPerChunk) {
      const last = Math.min(users, first + usersPerChunk)
      yield* transactions.transact(
        Effect.forEach(
          Array.from({ length: last - first }, (_, offset) => first + offset),
          writeUser,
          { discard: true }
        )
      )
    }
    return stored
  })
