import { CommandError } from "../CommandError.ts"
import { batchSizeOf, cursorReply, defaultFirstBatchSize, takeBatch } from "../Cursors.ts"
import { isPlainDocument } from "../documents.ts"
import { CollectionIndex } from "../CollectionIndex.ts"
import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"
import { waitForWriters } from "./waitForWriters.ts"

/**
 * `createIndexes`: creates the collection if needed. Asking again for an identical index is a
 * no-op; the same name or key with other options is a conflict; a unique index over duplicate
 * data fails with the duplicate key error. It waits for open transactions that wrote to the
 * collection, which a new unique index could otherwise not have checked.
 */
export const createIndexes: CommandHandler = async (command, context) => {
  const name = collectionName(command, "createIndexes")
  const indexes = Array.isArray(command["indexes"]) ? command["indexes"].map(CollectionIndex.parse) : []
  if (indexes.length === 0) throw new CommandError("BadValue", "Must specify at least one index to create")
  await waitForWriters(context, name)
  const createdCollectionAutomatically = context.catalog.get(context.db, name) === undefined
  const collection = context.catalog.getOrCreate(context.db, name)
  const numIndexesBefore = collection.indexes.length
  const created = indexes.filter((index) => collection.createIndex(index)).length
  return {
    numIndexesBefore,
    numIndexesAfter: collection.indexes.length,
    createdCollectionAutomatically,
    ...(created === 0 ? { note: "all indexes already exist" } : {})
  }
}

export const listIndexes: CommandHandler = (command, context) => {
  const ns = { db: context.db, coll: collectionName(command, "listIndexes") }
  const collection = context.catalog.get(ns.db, ns.coll)
  if (collection === undefined) throw new CommandError("NamespaceNotFound", `ns does not exist: ${ns.db}.${ns.coll}`)
  const remaining = collection.indexes.map((index) => index.spec)
  const cursorOptions = isPlainDocument(command["cursor"]) ? command["cursor"] : {}
  const firstBatch = takeBatch(remaining, batchSizeOf(cursorOptions["batchSize"], defaultFirstBatchSize))
  const id = remaining.length === 0 ? 0 : context.cursors.open({ kind: "documents", ns, remaining })
  return cursorReply(ns, id, "firstBatch", firstBatch)
}
