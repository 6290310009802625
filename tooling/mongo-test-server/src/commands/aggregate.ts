import type { Document } from "bson"
import { Aggregator } from "mingo"
import { ChangeStreamCursor } from "../ChangeStreamCursor.ts"
import { CommandError } from "../CommandError.ts"
import { batchSizeOf, cursorReply, defaultFirstBatchSize, takeBatch } from "../Cursors.ts"
import { isPlainDocument } from "../documents.ts"
import type { CommandContext, CommandHandler } from "./CommandContext.ts"

const writingStages = ["$out", "$merge"]

/**
 * `aggregate`: mingo runs the pipeline over the collection; a pipeline that starts with
 * `$changeStream` opens a change stream cursor instead (collection-level streams only).
 */
export const aggregate: CommandHandler = (command, context) => {
  const pipeline: ReadonlyArray<Document> = Array.isArray(command["pipeline"])
    ? command["pipeline"].filter(isPlainDocument)
    : []
  const cursorOptions = isPlainDocument(command["cursor"]) ? command["cursor"] : {}
  const batchSize = batchSizeOf(cursorOptions["batchSize"], defaultFirstBatchSize)
  if (pipeline.slice(1).some((stage) => "$changeStream" in stage)) {
    throw new CommandError("Location40602", "$changeStream is only valid as the first stage in a pipeline")
  }
  const stageNames = pipeline.flatMap((stage) => Object.keys(stage))
  const unsupported = stageNames.find((stage) => writingStages.includes(stage))
  if (unsupported !== undefined) {
    throw new CommandError("CommandNotSupported", `${unsupported} is not supported by this test double`)
  }
  if (typeof command["aggregate"] !== "string") {
    throw new CommandError(
      "CommandNotSupported",
      "Database- and cluster-level aggregations are not supported by this test double"
    )
  }
  const ns = { db: context.db, coll: command["aggregate"] }
  const [first, ...rest] = pipeline
  if (first !== undefined && "$changeStream" in first) {
    if (context.transaction !== undefined) {
      throw new CommandError(
        "OperationNotSupportedInTransaction",
        "Cannot run aggregate with $changeStream in a multi-document transaction."
      )
    }
    return openChangeStream(context, ns, first, rest, batchSize)
  }

  const source = context.documents.documentsOf(ns)
  const results = new Aggregator([...pipeline], {
    collectionResolver: (name) => [...context.documents.documentsOf({ db: ns.db, coll: name })]
  }).run([...source]) as Array<Document>
  const firstBatch = takeBatch(results, batchSize)
  const id = results.length === 0 ? 0 : context.cursors.open({ kind: "documents", ns, remaining: results })
  return cursorReply(ns, id, "firstBatch", firstBatch)
}

const openChangeStream = (
  context: CommandContext,
  ns: { readonly db: string; readonly coll: string },
  stage: Document,
  followingStages: ReadonlyArray<Document>,
  batchSize: number
): Document => {
  const { catalog, changes } = context
  const changeStream = new ChangeStreamCursor(ns, stage["$changeStream"], followingStages, catalog, changes)
  const { events, postBatchResumeToken } = changeStream.nextBatch(batchSize)
  const id = changeStream.invalidated ? 0 : context.cursors.open({ kind: "changes", ns, changeStream })
  return cursorReply(ns, id, "firstBatch", events, { postBatchResumeToken })
}
