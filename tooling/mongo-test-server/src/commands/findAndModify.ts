import type { Document } from "bson"
import { CommandError } from "../CommandError.ts"
import { matching, project } from "../queries.ts"
import { applyUpdate, upsertDocument } from "../updates.ts"
import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"

/**
 * `findAndModify`: updates, upserts or removes the first document matching `query` (in `sort`
 * order) and answers it as it was before, or after with `new: true`. It is one write statement,
 * found and changed without yielding, so it is atomic against every other command, as on MongoDB.
 */
export const findAndModify: CommandHandler = (command, context) => {
  const ns = { db: context.db, coll: collectionName(command, "findAndModify") }
  const { query = {}, sort, remove = false, update: change, fields, upsert = false, arrayFilters } = command
  const returnNew = command["new"] === true
  if (remove === true && change !== undefined) {
    throw new CommandError("FailedToParse", "Cannot specify both an update and remove=true")
  }
  if (remove !== true && change === undefined) {
    throw new CommandError("FailedToParse", "Either an update or remove=true must be specified")
  }
  const reply = (value: Document | undefined, lastErrorObject: Document): Document => ({
    lastErrorObject,
    value: value === undefined ? null : project([value], fields)[0]
  })

  return context.writeStatement((documents) => {
    const [found] = matching(documents.documentsOf(ns), { filter: query, sort, limit: 1 })
    if (remove === true) {
      if (found !== undefined) documents.delete(ns, found)
      return reply(found, { n: found === undefined ? 0 : 1 })
    }
    if (found !== undefined) {
      const { document, replacement } = applyUpdate(found, change, arrayFilters)
      documents.replace(ns, found, document, replacement ? "replace" : "update")
      return reply(returnNew ? document : found, { n: 1, updatedExisting: true })
    }
    if (upsert === true) {
      const document = upsertDocument(query, change, arrayFilters)
      documents.insert(ns, document)
      return reply(returnNew ? document : undefined, { n: 1, updatedExisting: false, upserted: document["_id"] })
    }
    return reply(undefined, { n: 0, updatedExisting: false })
  })
}
