/**
 * Who may use the inspector, and the audit log of what they did with it.
 *
 * The operator posts the operator token (ADMIN_TOKEN) once and gets an access: a new random
 * token for the inspector cookie, stored only as its SHA-256 so that sign-out can end it and a
 * database row opens nothing. Every inspect.* request is checked against it; the operator token
 * itself is never kept in the browser. Sign-in, sign-out and every revealed address are written
 * to the audit log, with the client's address and user agent (there is one operator token, so
 * that is what tells operators' devices apart).
 */
import type { OperatorTokenRefused, RateLimited } from "@verity/domain"
import {
  InspectorAccess,
  type InspectorAccessRecord,
  type InspectorAuditAction,
  type StoreError,
  StoreTransactions,
  Users
} from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Option, Schedule } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { checkAdminToken } from "../security/adminToken.ts"
import { RateLimiter } from "../security/RateLimiter.ts"
import { newOpaqueToken, sha256Hex } from "../security/secrets.ts"
import type { ClientInfo } from "../sessions/SessionManager.ts"
import type { AuditEntry } from "./InspectorViews.ts"

/**
 * How long an inspector sign-in lasts, however much it is used: long enough for one debugging
 * session, short enough that a tab left open or a copied cookie is soon worth nothing. Signing in
 * again costs one paste of the token.
 */
export const inspectorAccessLifetime = Duration.minutes(30)

// Ended and expired accesses, and audit entries past AUDIT_RETENTION, are deleted this often.
const expirySweepInterval = Duration.minutes(10)

const iso = (ms: number) => new Date(ms).toISOString()

export class InspectorAccessControl extends Context.Service<
  InspectorAccessControl,
  {
    /**
     * A new access, with the cookie's token, when `operatorToken` is ADMIN_TOKEN; refused
     * otherwise, and guesses from one address are limited like every operator-token check.
     */
    signIn(
      operatorToken: string,
      client: ClientInfo
    ): Effect.Effect<
      { readonly token: string; readonly access: InspectorAccessRecord },
      OperatorTokenRefused | RateLimited | StoreError
    >
    /** The access a cookie's token stands for, while it has neither ended nor expired. */
    check(token: string): Effect.Effect<Option.Option<InspectorAccessRecord>, StoreError>
    signOut(access: InspectorAccessRecord, client: ClientInfo): Effect.Effect<void, StoreError>
    /** The user's whole address, once the reveal is in the audit log; none for an unknown user. */
    revealEmail(
      access: InspectorAccessRecord,
      userId: string,
      client: ClientInfo
    ): Effect.Effect<Option.Option<string>, StoreError>
    auditLog(limit: number): Effect.Effect<ReadonlyArray<AuditEntry>, StoreError>
  }
>()("@verity/api/inspector/InspectorAccessControl") {
  static readonly layer = Layer.effect(
    InspectorAccessControl,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const accesses = yield* InspectorAccess
      const transactions = yield* StoreTransactions
      const users = yield* Users
      const limiter = yield* RateLimiter
      const retentionMs = Duration.toMillis(config.auditRetention)

      const audit = (
        action: InspectorAuditAction,
        access: InspectorAccessRecord,
        client: ClientInfo,
        subjectUserId: string | null = null
      ) =>
        Effect.flatMap(Clock.currentTimeMillis, (nowMs) =>
          accesses.record({
            id: crypto.randomUUID(),
            at: iso(nowMs),
            action,
            accessId: access.id,
            ip: client.ip,
            userAgent: client.userAgent,
            subjectUserId,
            expiresAt: iso(nowMs + retentionMs)
          })
        )

      const signIn = Effect.fn("InspectorAccessControl.signIn")(function* (operatorToken: string, client: ClientInfo) {
        // The same door as admin.*: counted per address before the comparison.
        yield* checkAdminToken(operatorToken, client.ip).pipe(
          Effect.provideService(AppConfig, config),
          Effect.provideService(RateLimiter, limiter)
        )
        const nowMs = yield* Clock.currentTimeMillis
        const token = newOpaqueToken()
        const access: InspectorAccessRecord = {
          id: crypto.randomUUID(),
          tokenHash: sha256Hex(token),
          createdAt: iso(nowMs),
          expiresAt: iso(nowMs + Duration.toMillis(inspectorAccessLifetime)),
          endedAt: null,
          ip: client.ip,
          userAgent: client.userAgent
        }
        // No access without its line in the audit log.
        yield* transactions.transact(Effect.andThen(accesses.open(access), audit("signedIn", access, client)))
        return { token, access }
      })

      const check = (token: string) =>
        Effect.gen(function* () {
          const found = Option.getOrUndefined(yield* accesses.findByTokenHash(sha256Hex(token)))
          const nowMs = yield* Clock.currentTimeMillis
          return found === undefined || found.endedAt !== null || Date.parse(found.expiresAt) <= nowMs
            ? Option.none()
            : Option.some(found)
        })

      const signOut = Effect.fn("InspectorAccessControl.signOut")(function* (
        access: InspectorAccessRecord,
        client: ClientInfo
      ) {
        const nowMs = yield* Clock.currentTimeMillis
        yield* transactions.transact(
          Effect.andThen(accesses.end(access.id, iso(nowMs)), audit("signedOut", access, client))
        )
      })

      const revealEmail = Effect.fn("InspectorAccessControl.revealEmail")(function* (
        access: InspectorAccessRecord,
        userId: string,
        client: ClientInfo
      ) {
        const user = Option.getOrUndefined(yield* users.findById(userId))
        if (user === undefined) return Option.none()
        // Written before the address is answered: a reveal the log does not hold never happened.
        yield* audit("emailRevealed", access, client, user.id)
        return Option.some(user.email)
      })

      const auditLog = (limit: number) =>
        Effect.map(accesses.auditLog(limit), (entries) =>
          entries.map((entry): AuditEntry => ({
            id: entry.id,
            at: entry.at,
            action: entry.action,
            accessId: entry.accessId,
            ip: entry.ip,
            userAgent: entry.userAgent,
            subjectUserId: entry.subjectUserId
          }))
        )

      yield* Effect.flatMap(Clock.currentTimeMillis, (nowMs) => accesses.expire(iso(nowMs))).pipe(
        Effect.catch((error) => Effect.logWarning("Inspector: could not delete expired accesses", error)),
        Effect.repeat(Schedule.spaced(expirySweepInterval)),
        Effect.forkScoped
      )

      return InspectorAccessControl.of({ signIn, check, signOut, revealEmail, auditLog })
    })
  )
}
