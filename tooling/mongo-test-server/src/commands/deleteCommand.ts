import { matching } from "../queries.ts"
import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"
import { runStatements } from "./writeStatements.ts"

/** `delete`: each statement `{ q, limit }` removes the first match (limit 1) or all (limit 0). */
export const deleteCommand: CommandHandler = async (command, context) => {
  const ns = { db: context.db, coll: collectionName(command, "delete") }
  const { results, writeErrors } = await runStatements(
    context,
    command["deletes"],
    command["ordered"],
    (statement, _index, documents) => {
      const targets = matching(documents.documentsOf(ns), {
        filter: statement["q"],
        limit: statement["limit"] === 1 ? 1 : 0
      })
      for (const document of targets) documents.delete(ns, document)
      return targets.length
    }
  )
  return { n: results.reduce((total, n) => total + n, 0), ...writeErrors }
}
