import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"
import { waitForWriters } from "./waitForWriters.ts"

/**
 * Dropping a collection that does not exist succeeds, as it does since MongoDB 7.0. A drop waits
 * for the open transactions that wrote to the collection to end, as it waits for their locks on
 * MongoDB, so that none commits into a collection that is gone.
 */
export const drop: CommandHandler = async (command, context) => {
  const name = collectionName(command, "drop")
  await waitForWriters(context, name)
  const dropped = context.catalog.drop(context.db, name)
  return dropped === undefined ? {} : { nIndexesWas: dropped.indexes.length, ns: dropped.name }
}

export const dropDatabase: CommandHandler = async (_command, context) => {
  await waitForWriters(context, undefined)
  context.catalog.dropDatabase(context.db)
  return {}
}
