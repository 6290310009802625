import {
  type EmailTaken,
  passwordWeakness,
  type RateLimited,
  type TokenExpired,
  TokenInvalid,
  WeakPassword
} from "@verity/domain"
import {
  OneTimeTokens,
  type OneTimeTokenPurpose,
  Sessions,
  type StoreError,
  type UserRecord,
  Users
} from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Option } from "effect"
import { PasswordHasher } from "../security/PasswordHasher.ts"
import { type ClientInfo, SessionManager } from "../sessions/SessionManager.ts"
import { UserChanges } from "../users/UserChanges.ts"
import { newEmailedLink } from "./emailedLink.ts"
import { usableLink } from "./usableLink.ts"

// Long enough for an owner who reads their old mailbox only now and then; a hijacker's later
// changes of the address or the password do not void it (see OneTimeTokens.consumeOfUser).
const undoLinkLifetimeMs = Duration.toMillis(Duration.days(7))

const everyPurpose: ReadonlyArray<OneTimeTokenPurpose> = ["verifyEmail", "resetPassword", "undoEmailChange"]

/**
 * What the owner of an address sees on opening a confirmation link. For an account that never
 * confirmed an address, when and from which device it was made, so a stranger's sign-up with
 * their address is recognised before confirming hands it to the stranger's session. Nothing of
 * an account that did confirm once is shown: the link may have reached a stranger by a typo.
 */
export type ConfirmationLinkDetails =
  | {
      readonly newAccount: true
      readonly email: string
      readonly createdAt: string
      /** Spelt out rather than the store's type: clients compile against this answer. */
      readonly createdFrom: { readonly userAgent: string | null; readonly ip: string | null } | null
    }
  | { readonly newAccount: false; readonly email: string }

/**
 * Taking an account back, from a mailbox: the "this wasn't me" link of an email-change notice
 * (the address back, every session ended, a new password), and the "this wasn't me" of a new
 * account's first confirmation (the account deleted, so the address is free for its owner).
 * Every change goes through UserChanges, so live sessions end before the answer.
 */
export class AccountRecovery extends Context.Service<
  AccountRecovery,
  {
    /**
     * Stores a "this wasn't me" link for the owner of `previousEmail`, which `user` just left;
     * answers its token for the notice. Writes only: the email change's transaction holds it.
     */
    issueUndoLink(user: UserRecord, previousEmail: string): Effect.Effect<string, StoreError>
    /**
     * Puts the account back on the address the link was sent to (confirmed), sets the new
     * password, ends every session and voids every other link, together. A never-confirmed
     * account that took the address meanwhile is deleted: it cannot be anyone's who proved it,
     * and the link's holder just did.
     */
    undoEmailChange(
      token: string,
      newPassword: string,
      client: ClientInfo
    ): Effect.Effect<void, TokenInvalid | TokenExpired | WeakPassword | EmailTaken | RateLimited | StoreError>
    confirmationLinkDetails(
      token: string
    ): Effect.Effect<ConfirmationLinkDetails, TokenInvalid | TokenExpired | StoreError>
    /** Deletes the never-confirmed account the link was sent for, with its sessions and links. */
    rejectSignUp(token: string): Effect.Effect<void, TokenInvalid | TokenExpired | StoreError>
  }
>()("@verity/api/accounts/AccountRecovery") {
  static readonly layer = Layer.effect(
    AccountRecovery,
    Effect.gen(function* () {
      const users = yield* Users
      const sessions = yield* Sessions
      const tokens = yield* OneTimeTokens
      const hasher = yield* PasswordHasher
      const userChanges = yield* UserChanges
      const sessionManager = yield* SessionManager

      const issueUndoLink = Effect.fn("AccountRecovery.issueUndoLink")(function* (
        user: UserRecord,
        previousEmail: string
      ) {
        const nowMs = yield* Clock.currentTimeMillis
        const { token, record } = newEmailedLink({
          purpose: "undoEmailChange",
          userId: user.id,
          email: previousEmail,
          nowMs,
          lifetimeMs: undoLinkLifetimeMs
        })
        yield* tokens.issue(record)
        return token
      })

      /** The account a confirmation link was sent for, while that address is still the account's. */
      const accountOfConfirmationLink = (linkToken: string) =>
        Effect.gen(function* () {
          const { token } = yield* usableLink(tokens, "verifyEmail", linkToken)
          const user = Option.getOrUndefined(yield* users.findById(token.userId))
          if (user === undefined || user.email !== token.email) return yield* new TokenInvalid()
          return user
        })

      const confirmationLinkDetails = Effect.fn("AccountRecovery.confirmationLinkDetails")(function* (
        linkToken: string
      ) {
        const user = yield* accountOfConfirmationLink(linkToken)
        return user.everConfirmed
          ? { newAccount: false as const, email: user.email }
          : { newAccount: true as const, email: user.email, createdAt: user.createdAt, createdFrom: user.createdFrom }
      })

      const rejectSignUp = Effect.fn("AccountRecovery.rejectSignUp")(function* (linkToken: string) {
        const user = yield* accountOfConfirmationLink(linkToken)
        if (user.everConfirmed) return yield* new TokenInvalid()
        yield* userChanges.commit("signUpRejected", (writes, stamp) =>
          Effect.gen(function* () {
            // Revoked before the delete, so other instances hear through the feed that they ended.
            const ended = yield* sessions.revokeAllOfUser(user.id, "accountDeleted", stamp.at)
            const deleted = yield* writes.deleteUnconfirmed(user.id, user.email)
            // Confirmed meanwhile: it is the owner's now, and nothing is deleted.
            if (Option.isNone(deleted)) return yield* new TokenInvalid()
            return { user: deleted.value, endedSessions: { ids: ended, reason: "accountDeleted" as const } }
          })
        )
      })

      const undoEmailChange = Effect.fn("AccountRecovery.undoEmailChange")(function* (
        linkToken: string,
        newPassword: string,
        client: ClientInfo
      ) {
        const { token: found } = yield* usableLink(tokens, "undoEmailChange", linkToken)
        const weakness = passwordWeakness(newPassword, found.email)
        if (weakness !== null) return yield* new WeakPassword({ message: weakness })
        const passwordHash = yield* hasher.hash(newPassword, client.ip)
        let squatterSessions: ReadonlyArray<string> = []
        yield* userChanges.commit("emailChangeUndone", (writes, stamp) =>
          Effect.gen(function* () {
            if (!(yield* tokens.consume(found.id, stamp.at))) return yield* new TokenInvalid()
            const user = Option.getOrUndefined(yield* users.findById(found.userId))
            if (user === undefined) return yield* new TokenInvalid()
            if (user.email !== found.email) {
              const holder = Option.getOrUndefined(yield* users.findByEmail(found.email))
              if (holder !== undefined && !holder.everConfirmed) {
                squatterSessions = yield* sessions.revokeAllOfUser(holder.id, "accountDeleted", stamp.at)
                yield* writes.deleteUnconfirmed(holder.id, found.email)
              }
              const moved = yield* writes.changeEmail(
                user.id,
                { from: user.email, to: found.email, confirmed: true },
                stamp
              )
              if (Option.isNone(moved)) return yield* new TokenInvalid()
            }
            const updated = yield* writes.update(user.id, { passwordHash, emailConfirmed: true }, { stamp })
            if (Option.isNone(updated)) return yield* new TokenInvalid()
            const ended = yield* sessions.revokeAllOfUser(user.id, "accountRecovered", stamp.at)
            yield* tokens.consumeOfUser(user.id, everyPurpose, stamp.at)
            return { user: updated.value, endedSessions: { ids: ended, reason: "accountRecovered" as const } }
          })
        )
        // Committed with the change; here only their live actors hear of it.
        yield* sessionManager.applyRevocations(squatterSessions, "accountDeleted")
      })

      return AccountRecovery.of({ issueUndoLink, undoEmailChange, confirmationLinkDetails, rejectSignUp })
    })
  )
}
