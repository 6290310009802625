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
