import type { Document } from "bson"
import { CommandError } from "../CommandError.ts"
import { matching } from "../queries.ts"
import { applyUpdate, upsertDocument } from "../updates.ts"
import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"
import { runStatements } from "./writeStatements.ts"

type StatementResult = { readonly n: number; readonly nModified: number; readonly upserted?: Document }

/**
 * `update`: each statement `{ q, u, upsert, multi, arrayFilters }`. `n` counts matched and
 * upserted documents, `nModified` only those whose content changed, as on MongoDB.
 */
export const update: CommandHandler = async (command, context) => {
  const ns = { db: context.db, coll: collectionName(command, "update") }
  const { results, writeErrors } = await runStatements(
    context,
    command["updates"],
    command["ordered"],
    (statement, index, documents): StatementResult => {
      const { q: query = {}, u: change, upsert = false, multi = false, arrayFilters } = statement
      if (multi === true && !Array.isArray(change) && !Object.keys(change ?? {}).some((key) => key.startsWith("$"))) {
        throw new CommandError("FailedToParse", "multi update is not supported for replacement-style update")
      }
      const targets = matching(documents.documentsOf(ns), { filter: query, limit: multi === true ? 0 : 1 })
      if (targets.length === 0 && upsert === true) {
        const document = upsertDocument(query, change, arrayFilters)
        documents.insert(ns, document)
        return { n: 1, nModified: 0, upserted: { index, _id: document["_id"] } }
      }
      let nModified = 0
      for (const before of targets) {
        const { document, replacement } = applyUpdate(before, change, arrayFilters)
        if (documents.replace(ns, before, document, replacement ? "replace" : "update")) nModified += 1
      }
      return { n: targets.length, nModified }
    }
  )
  const upserted = results.flatMap((result) => (result.upserted === undefined ? [] : [result.upserted]))
  return {
    n: results.reduce((total, result) => total + result.n, 0),
    nModified: results.reduce((total, result) => total + result.nModified, 0),
    ...(upserted.length === 0 ? {} : { upserted }),
    ...writeErrors
  }
}
