import type { RevokeReason } from "@verity/domain"
import { Context, type Effect, type Option } from "effect"
import type { SessionRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

export class Sessions extends Context.Service<
  Sessions,
  {
    create(session: SessionRecord): Effect.Effect<void, StoreError>
    findByTokenHash(tokenHash: string): Effect.Effect<Option.Option<SessionRecord>, StoreError>
    findById(id: string): Effect.Effect<Option.Option<SessionRecord>, StoreError>
    /** The user's sessions that are not revoked, oldest first. */
    listActiveByUser(userId: string): Effect.Effect<ReadonlyArray<SessionRecord>, StoreError>
    /** The user's newest sessions, ended ones included, newest first, up to `limit` (the inspector). */
    listRecentByUser(userId: string, limit: number): Effect.Effect<ReadonlyArray<SessionRecord>, StoreError>
    touch(id: string, lastSeenAt: string): Effect.Effect<void, StoreError>
    /** Ends one session; false when it was already revoked or does not exist (revocation is final). */
    revoke(id: string, reason: RevokeReason, at: string): Effect.Effect<boolean, StoreError>
    /** Ends every active session of the user but `exceptSessionId`; answers the ids it ended. */
    revokeAllOfUser(
      userId: string,
      reason: RevokeReason,
      at: string,
      exceptSessionId?: string
    ): Effect.Effect<ReadonlyArray<string>, StoreError>
  }
>()("@verity/store/Sessions") {}
