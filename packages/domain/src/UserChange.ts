import { Schema } from "effect"
import { User } from "./User.ts"

/** What happened to a user. Carried with every change so actors and logs can say why. */
export const UserChangeCause = Schema.Literals([
  "emailConfirmed",
  "emailChanged",
  "passwordChanged",
  "passwordReset",
  "suspended",
  "unsuspended",
  // The owner of the previous address used the "this wasn't me" link of an email-change notice:
  // the address is back, every session ended, a new password set.
  "emailChangeUndone",
  // The owner of the address said they never created this account, which had never confirmed
  // one: it is deleted (its last change, carried to its sessions as they end).
  "signUpRejected",
  // A write that did not go through Verity (an operator in the database shell): the change feed
  // sees the new version but no cause recorded with it.
  "externalWrite"
])
export type UserChangeCause = typeof UserChangeCause.Type

/**
 * One committed change of a user, at the version the store gave it. Delivery of these is
 * idempotent and order-safe because consumers compare `version` with what they hold.
 */
export const UserChange = Schema.Struct({
  user: User,
  version: Schema.Number,
  cause: UserChangeCause,
  /**
   * When it was committed: the `at` of the stamp the write left (ISO-8601), so the delay from
   * commit to each session can be measured. Null when the writer left no stamp of its own (a
   * write made outside Verity, seen through the change feed).
   */
  committedAt: Schema.NullOr(Schema.String)
})
export type UserChange = typeof UserChange.Type
