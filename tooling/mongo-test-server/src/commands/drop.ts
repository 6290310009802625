import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"

/** Dropping a collection that does not exist succeeds, as it does since MongoDB 7.0. */
export const drop: CommandHandler = (command, context) => {
  const name = collectionName(command, "drop")
  const dropped = context.catalog.drop(context.db, name)
  return dropped === undefined ? {} : { nIndexesWas: dropped.indexes.length, ns: dropped.name }
}

export const dropDatabase: CommandHandler = (_command, context) => {
  context.catalog.dropDatabase(context.db)
  return {}
}
