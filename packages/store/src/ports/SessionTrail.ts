import { Context, type Effect } from "effect"
import type { SessionTrailKind, SessionTrailRecord, UserChangeDispatchedRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

/**
 * The session trail (records.ts): appended in batches by every API instance, so it survives
 * restarts and every instance reads what the others recorded. Bounded twice: per session and
 * kind (`keepPerSessionAndKind`, applied as records are appended), and in time (`expire`, and a
 * TTL index on MongoDB).
 *
 * Order: by `at`, then by `seq`; records of one session come back in the order they happened.
 */
export class SessionTrail extends Context.Service<
  SessionTrail,
  {
    /**
     * Stores the records, all or none, then deletes the oldest records of each session among
     * them beyond the newest `keepPerSessionAndKind` of each kind (dispatch records, which belong
     * to no session, are bounded by time alone).
     */
    append(
      records: ReadonlyArray<SessionTrailRecord>,
      bounds: { readonly keepPerSessionAndKind: number }
    ): Effect.Effect<void, StoreError>
    /** The session's newest `limit` records, oldest first. */
    ofSession(sessionId: string, limit: number): Effect.Effect<ReadonlyArray<SessionTrailRecord>, StoreError>
    /**
     * The user's records (their sessions' and their changes' dispatches), newest first, up to
     * `limit`; only at or after `since`, and only of `kinds`, when given.
     */
    ofUser(
      userId: string,
      options: {
        readonly limit: number
        readonly since?: string
        readonly kinds?: ReadonlyArray<SessionTrailKind>
      }
    ): Effect.Effect<ReadonlyArray<SessionTrailRecord>, StoreError>
    /** The newest record of each of the sessions that has one; only those before `before`, when given. */
    latestOfSessions(
      sessionIds: ReadonlyArray<string>,
      options?: { readonly before?: string }
    ): Effect.Effect<ReadonlyArray<SessionTrailRecord>, StoreError>
    /** Every instance's dispatch of one user change (the user at that version), oldest first. */
    dispatchesOf(userId: string, version: number): Effect.Effect<ReadonlyArray<UserChangeDispatchedRecord>, StoreError>
    /** Deletes the records whose `expiresAt` is at or before `now`; answers how many. */
    expire(now: string): Effect.Effect<number, StoreError>
  }
>()("@verity/store/SessionTrail") {}
