import { Context, type Stream } from "effect"
import type { UserRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

/**
 * Every committed change of a user, including writes made by other API instances or directly
 * in the database. The embedded store serves one process, which dispatches its own changes
 * directly, so its feed is empty; the MongoDB adapter feeds it from a change stream.
 */
export class UserChangeFeed extends Context.Service<UserChangeFeed, {
  readonly changes: Stream.Stream<UserRecord, StoreError>
}>()("@verity/store/UserChangeFeed") {}
