import { ObjectId } from "bson"
import { checkCollectionName } from "../Catalog.ts"
import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"
import { runStatements } from "./writeStatements.ts"

export const insert: CommandHandler = async (command, context) => {
  const ns = { db: context.db, coll: collectionName(command, "insert") }
  // A name no collection may have fails the command, not each document.
  if (context.catalog.get(ns.db, ns.coll) === undefined) checkCollectionName(ns)
  const { results, writeErrors } = await runStatements(
    context,
    command["documents"],
    command["ordered"],
    (document, _index, documents) => {
      // The driver adds _id itself; a client that does not gets one from the server, as first field.
      const { _id = new ObjectId(), ...fields } = document
      documents.insert(ns, { _id, ...fields })
    }
  )
  return { n: results.length, ...writeErrors }
}
