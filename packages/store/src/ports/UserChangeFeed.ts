import type { RevokeReason, UserChangeCause } from "@verity/domain"
import { Context, type Stream } from "effect"
import type { UserRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

/**
 * Why a user changed, as the feed tells it: the cause of the stamp this very write left
 * (`lastChange`), or `externalWrite` for a write that left none (an operator in the database
 * shell). Not a UserChangeCause: no write through UserWrites is ever an external one.
 */
export type UserChangeFeedCause = UserChangeCause | "externalWrite"

/** What the feed reports: a user as committed, a session revoked, or that it may have missed changes. */
export type UserChangeFeedEvent =
  | { readonly _tag: "Changed"; readonly user: UserRecord; readonly cause: UserChangeFeedCause }
  /** Revocation lives on the session, not the user, so it travels as its own event (G4). */
  | { readonly _tag: "SessionRevoked"; readonly sessionId: string; readonly reason: RevokeReason }
  /**
   * The feed could not resume where it left off (the database no longer holds that history, or
   * the users collection was dropped), so changes in between may be lost. It goes on with
   * changes from now; the consumer must re-read from the store the users it holds.
   */
  | { readonly _tag: "ResyncNeeded" }

/**
 * Every committed change of a user and every session revocation, including writes made by other
 * API instances or directly in the database. The embedded store serves one process, which dispatches its own changes
 * directly, so its feed is empty; the MongoDB adapter feeds it from a change stream.
 */
export class UserChangeFeed extends Context.Service<
  UserChangeFeed,
  {
    readonly changes: Stream.Stream<UserChangeFeedEvent, StoreError>
  }
>()("@verity/store/UserChangeFeed") {}
