import { matching } from "../queries.ts"
import type { CommandHandler } from "./CommandContext.ts"
import { collectionName } from "./collectionName.ts"

export const count: CommandHandler = (command, context) => ({
  n: matching(context.documents.documentsOf({ db: context.db, coll: collectionName(command, "count") }), {
    filter: command["query"],
    skip: command["skip"],
    limit: command["limit"]
  }).length
})
