import type { Document } from "bson"
import { CommandError } from "../CommandError.ts"
import { batchSizeOf, cursorIdOf, cursorReply, takeBatch } from "../Cursors.ts"
import type { ChangeStreamCursor } from "../ChangeStreamCursor.ts"
import type { CommandContext, CommandHandler } from "./CommandContext.ts"

/** How long a getMore on a change stream waits for events when the client gives no `maxTimeMS`. */
const defaultAwaitMs = 1000

/**
 * `getMore`: the next batch of a query cursor, or of a change stream. A change stream's getMore
 * waits up to `maxTimeMS` for an event, then answers an empty batch with a fresh
 * `postBatchResumeToken`, as MongoDB's tailable, awaitData cursors do.
 */
export const getMore: CommandHandler = async (command, context) => {
  const id = cursorIdOf(command["getMore"])
  const cursor = context.cursors.get(id)
  const batchSize = batchSizeOf(command["batchSize"], 0) || Infinity
  if (cursor.kind === "documents") {
    const nextBatch = takeBatch(cursor.remaining, batchSize)
    if (cursor.remaining.length === 0) context.cursors.kill(id)
    return cursorReply(cursor.ns, cursor.remaining.length === 0 ? 0 : id, "nextBatch", nextBatch)
  }
  const maxTimeMS = typeof command["maxTimeMS"] === "number" ? command["maxTimeMS"] : defaultAwaitMs
  return await awaitChanges(context, id, cursor.changeStream, batchSize, Date.now() + maxTimeMS)
}

const awaitChanges = async (
  context: CommandContext,
  id: number,
  changeStream: ChangeStreamCursor,
  batchSize: number,
  deadline: number
): Promise<Document> => {
  for (;;) {
    const { events, postBatchResumeToken } = changeStream.nextBatch(batchSize)
    const remainingMs = deadline - Date.now()
    if (events.length > 0 || changeStream.invalidated || remainingMs <= 0 || context.closing()) {
      // An invalidated stream is over: its cursor closes with this batch.
      const open = !changeStream.invalidated
      if (!open) context.cursors.kill(id)
      return cursorReply(changeStream.ns, open ? id : 0, "nextBatch", events, { postBatchResumeToken })
    }
    await context.changes.waitForChange(remainingMs)
    if (!context.cursors.isOpen(id)) throw new CommandError("CursorKilled", `cursor id ${id} was killed while waiting`)
  }
}
