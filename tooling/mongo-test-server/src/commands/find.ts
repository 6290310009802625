import { batchSizeOf, cursorReply, defaultFirstBatchSize, takeBatch } from "../Cursors.ts"
import { matching, project } from "../queries.ts"
import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"

/** `find`: the first batch (101 documents unless `batchSize` says otherwise) and a cursor for the rest. */
export const find: CommandHandler = (command, context) => {
  const ns = { db: context.db, coll: collectionName(command, "find") }
  const found = matching(context.documents.documentsOf(ns), {
    filter: command["filter"],
    sort: command["sort"],
    skip: command["skip"],
    limit: command["limit"]
  })
  const remaining = project(found, command["projection"])
  const firstBatch = takeBatch(remaining, batchSizeOf(command["batchSize"], defaultFirstBatchSize))
  const singleBatch = command["singleBatch"] === true || (typeof command["limit"] === "number" && command["limit"] < 0)
  const id = remaining.length === 0 || singleBatch ? 0 : context.cursors.open({ kind: "documents", ns, remaining })
  return cursorReply(ns, id, "firstBatch", firstBatch)
}
