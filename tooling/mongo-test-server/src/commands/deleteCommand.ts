import { matching } from "../queries.ts"
import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"
import { runStatements } from "./writeStatements.ts"

/** `delete`: each statement `{ q, limit }` removes the first match (limit 1) or all (limit 0). */
export const deleteCommand: CommandHandler = (command, context) => {
  const collection = context.catalog.get(context.db, collectionName(command, "delete"))
  let n = 0
  const errors = runStatements(command["deletes"], command["ordered"], (statement) => {
    const targets = matching(collection, { filter: statement["q"], limit: statement["limit"] === 1 ? 1 : 0 })
    for (const document of targets) collection?.delete(document)
    n += targets.length
  })
  return { n, ...errors }
}
