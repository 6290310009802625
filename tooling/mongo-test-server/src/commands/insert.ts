import { ObjectId } from "bson"
import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"
import { runStatements } from "./writeStatements.ts"

export const insert: CommandHandler = (command, context) => {
  const collection = context.catalog.getOrCreate(context.db, collectionName(command, "insert"))
  let n = 0
  const errors = runStatements(command["documents"], command["ordered"], (document) => {
    // The driver adds _id itself; a client that does not gets one from the server, as first field.
    const { _id = new ObjectId(), ...fields } = document
    collection.insert({ _id, ...fields })
    n += 1
  })
  return { n, ...errors }
}
