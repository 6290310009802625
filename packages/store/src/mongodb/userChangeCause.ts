import type { UserChangeCause } from "@verity/domain"
import type { ChangeStreamDocument } from "mongodb"
import type { UserChangeFeedCause } from "../ports/UserChangeFeed.ts"
import type { UserDocument } from "./collections.ts"

/**
 * Why a change event's write happened: the cause of the stamp that write left, or
 * `externalWrite` when it left none.
 *
 * An update's own fields tell whether it stamped: every write through UserWrites sets a stamp with
 * a new `at`, so it always appears in `updatedFields`, either whole (`lastChange`, when the user
 * had no stamp before) or as the sub-fields that changed (`lastChange.at`, and `lastChange.cause`
 * when the cause differs), since MongoDB reports an embedded document's changes by dotted path.
 * An operator's `$set` of other fields leaves neither. When only `at` changed, the cause is the one
 * already stored, read from the looked-up document, which carries the same stamp or a later one.
 * An insert or a replacement is a whole document: its own stamp says it.
 */
export const causeOfUserChange = (
  event: ChangeStreamDocument<UserDocument>,
  fullDocument: UserDocument
): UserChangeFeedCause => {
  switch (event.operationType) {
    case "update": {
      const updated: Readonly<Record<string, unknown>> = event.updateDescription.updatedFields ?? {}
      const whole = updated["lastChange"] as UserDocument["lastChange"]
      if (whole !== undefined) return whole?.cause ?? "externalWrite"
      const cause = updated["lastChange.cause"] as UserChangeCause | undefined
      if (cause !== undefined) return cause
      if ("lastChange.at" in updated) return fullDocument.lastChange?.cause ?? "externalWrite"
      return "externalWrite"
    }
    default:
      return fullDocument.lastChange?.cause ?? "externalWrite"
  }
}
