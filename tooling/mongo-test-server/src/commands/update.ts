import type { Document } from "bson"
import { CommandError } from "../CommandError.ts"
import { matching } from "../queries.ts"
import { applyUpdate, upsertDocument } from "../updates.ts"
import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"
import { runStatements } from "./writeStatements.ts"

/**
 * `update`: each statement `{ q, u, upsert, multi, arrayFilters }`. `n` counts matched and
 * upserted documents, `nModified` only those whose content changed, as on MongoDB.
 */
export const update: CommandHandler = (command, context) => {
  const name = collectionName(command, "update")
  let n = 0
  let nModified = 0
  const upserted: Array<Document> = []
  const errors = runStatements(command["updates"], command["ordered"], (statement, index) => {
    const { q: query = {}, u: change, upsert = false, multi = false, arrayFilters } = statement
    if (multi === true && !Array.isArray(change) && !Object.keys(change ?? {}).some((key) => key.startsWith("$"))) {
      throw new CommandError("FailedToParse", "multi update is not supported for replacement-style update")
    }
    const collection = context.catalog.get(context.db, name)
    const targets = matching(collection, { filter: query, limit: multi === true ? 0 : 1 })
    if (targets.length === 0 && upsert === true) {
      const document = upsertDocument(query, change, arrayFilters)
      context.catalog.getOrCreate(context.db, name).insert(document)
      n += 1
      upserted.push({ index, _id: document["_id"] })
      return
    }
    for (const before of targets) {
      const { document, replacement } = applyUpdate(before, change, arrayFilters)
      if (collection?.replace(before, document, replacement ? "replace" : "update") === true) nModified += 1
      n += 1
    }
  })
  return { n, nModified, ...(upserted.length === 0 ? {} : { upserted }), ...errors }
}
