import { Context, type Stream } from "effect"
import type { UserRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

/** What the feed reports: a user as committed, or that it may have missed changes. */
export type UserChangeFeedEvent =
  | { readonly _tag: "Changed"; readonly user: UserRecord }
  /**
   * The feed could not resume where it left off (the database no longer holds that history, or
   * the users collection was dropped), so changes in between may be lost. It goes on with
   * changes from now; the consumer must re-read from the store the users it holds.
   */
  | { readonly _tag: "ResyncNeeded" }

/**
 * Every committed change of a user, including writes made by other API instances or directly
 * in the database. The embedded store serves one process, which dispatches its own changes
 * directly, so its feed is empty; the MongoDB adapter feeds it from a change stream.
 */
export class UserChangeFeed extends Context.Service<UserChangeFeed, {
  readonly changes: Stream.Stream<UserChangeFeedEvent, StoreError>
}>()("@verity/store/UserChangeFeed") {}
