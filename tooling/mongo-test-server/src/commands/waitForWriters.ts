import { waitUntilEnded } from "../transactions/DocumentLocks.ts"
import type { CommandContext } from "./CommandContext.ts"

/**
 * Waits until no open transaction holds a lock in the collection (or, without `coll`, in the
 * command's database): what a collection-wide command (drop, createIndexes) does on MongoDB,
 * where it needs the collection's exclusive lock, which a transaction that wrote there holds.
 */
export const waitForWriters = async (context: CommandContext, coll: string | undefined): Promise<void> => {
  // A transaction that writes there while this waits is waited for too.
  for (let writers = context.locks.holdersIn(context.db, coll); writers.size > 0;) {
    await waitUntilEnded(writers, context.deadline)
    writers = context.locks.holdersIn(context.db, coll)
  }
}
