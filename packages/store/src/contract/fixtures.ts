import type { UserChangeCause } from "@verity/domain"
import { Effect } from "effect"
import { UserWrites } from "../ports/UserWrites.ts"
import type {
  ContactMessageRecord,
  NewUserRecord,
  OneTimeTokenPurpose,
  OneTimeTokenRecord,
  OutgoingMail,
  SessionRecord,
  SessionTrailKind,
  SessionTrailRecord,
  UserChangeDispatchedRecord,
  UserChangeStamp
} from "../records.ts"

// The records the contract suites write. Fixed instants keep ordering assertions deterministic.

export const at = (minutes: number): string => new Date(Date.UTC(2030, 0, 1) + minutes * 60_000).toISOString()

export const newUser = (id: string, email = `${id}@example.com`): NewUserRecord => ({
  id,
  email,
  emailConfirmed: false,
  status: "active",
  passwordHash: `argon2id-hash-of-${id}`,
  createdAt: at(0),
  createdFrom: { userAgent: "Mozilla/5.0", ip: "192.0.2.1" }
})

export const stamp = (cause: UserChangeCause, minutes: number): UserChangeStamp => ({ cause, at: at(minutes) })

/** Sessions, tokens and messages belong to users that exist (an adapter may enforce it). */
export const createUsers = (...ids: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const userWrites = yield* UserWrites
    for (const id of ids) {
      yield* userWrites.create(newUser(id))
    }
  })

export const tokenHashOf = (sessionId: string): string => `token-hash-${sessionId}`

export const newSession = (id: string, userId: string, fields: Partial<SessionRecord> = {}): SessionRecord => ({
  id,
  tokenHash: tokenHashOf(id),
  userId,
  createdAt: at(1),
  lastSeenAt: at(1),
  expiresAt: at(60 * 24 * 30),
  userAgent: "Mozilla/5.0",
  ip: "192.0.2.1",
  revokedAt: null,
  revokedReason: null,
  ...fields
})

export const linkHashOf = (tokenId: string): string => `link-hash-${tokenId}`

export const newToken = (
  id: string,
  userId: string,
  purpose: OneTimeTokenPurpose,
  createdAt: string
): OneTimeTokenRecord => ({
  id,
  purpose,
  userId,
  email: `${userId}@example.com`,
  linkHash: linkHashOf(id),
  codeHash: `code-hash-${id}`,
  createdAt,
  linkExpiresAt: at(60 * 24),
  codeExpiresAt: at(15),
  codeAttempts: 0,
  consumedAt: null
})

export const newMail = (name: string): OutgoingMail => ({
  to: `${name}@example.com`,
  subject: `Hello ${name}`,
  text: `Hello ${name}, this is plain text with secret-${name}.`,
  html: `<p>Hello ${name}, secret-${name}</p>`,
  secrets: [`secret-${name}`]
})

/** What the API keeps of `newMail(name)` once it is settled: the message without its secret. */
export const keptMail = (name: string): OutgoingMail => ({
  to: `${name}@example.com`,
  subject: `Hello ${name}`,
  text: `Hello ${name}, this is plain text with [removed].`,
  html: `<p>Hello ${name}, [removed]</p>`
})

export const newContactMessage = (id: string, userId: string): ContactMessageRecord => ({
  id,
  userId,
  email: `${userId}@example.com`,
  subject: "Cannot share a file",
  message: "Sharing says my email is not confirmed.",
  createdAt: at(5)
})

/** A trail record of the given kind, at `minutes`, of session `sessionId` of `userId`; kept a year. */
export const trailRecord = (
  id: string,
  kind: SessionTrailKind,
  fields: { readonly sessionId: string; readonly userId?: string; readonly minutes: number; readonly seq?: number }
): SessionTrailRecord => {
  const common = {
    id,
    userId: fields.userId ?? "u1",
    at: at(fields.minutes),
    seq: fields.seq ?? 0,
    instanceId: "instance-a",
    requestId: `request-${id}`,
    expiresAt: at(fields.minutes + 60 * 24 * 365)
  }
  const state = { active: { email: "unverified", freshness: "current" } }
  const context = { user: { id: common.userId, email: "ann@example.com" }, userVersion: 1, revokedReason: null }
  switch (kind) {
    case "started":
      return { ...common, kind, sessionId: fields.sessionId, how: "opened", state, context, userVersion: 1 }
    case "stepped":
    case "touched":
      return {
        ...common,
        kind,
        sessionId: fields.sessionId,
        event: kind === "touched" ? { type: "TOUCH", at: common.at } : { type: "REVOKE", reason: "signedOut" },
        cause: kind === "touched" ? null : "signedOut",
        stateBefore: state,
        stateAfter: kind === "touched" ? state : "revoked",
        userVersionBefore: 1,
        userVersionAfter: 1,
        contextBefore: context
      }
    case "evicted":
      return { ...common, kind, sessionId: fields.sessionId, state, userVersion: 1 }
    case "dispatched":
      return dispatchRecord(id, { userId: common.userId, minutes: fields.minutes, version: 2 })
  }
}

/** The dispatch of the user's change to `version` on one instance, reaching s1 and s2. */
export const dispatchRecord = (
  id: string,
  fields: { readonly userId?: string; readonly minutes: number; readonly version: number; readonly instanceId?: string }
): UserChangeDispatchedRecord => ({
  id,
  userId: fields.userId ?? "u1",
  at: at(fields.minutes),
  seq: 0,
  instanceId: fields.instanceId ?? "instance-a",
  requestId: null,
  expiresAt: at(fields.minutes + 60 * 24 * 365),
  kind: "dispatched",
  sessionId: null,
  userVersion: fields.version,
  cause: "emailConfirmed",
  committedAt: at(fields.minutes),
  reachedSessionIds: ["s1", "s2"],
  durationMs: 0.25
})
