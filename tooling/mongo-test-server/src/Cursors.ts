import { randomInt } from "node:crypto"
import { calculateObjectSize, type Document, Long } from "bson"
import type { Namespace } from "./ChangeLog.ts"
import type { ChangeStreamCursor } from "./ChangeStreamCursor.ts"
import { CommandError } from "./CommandError.ts"

export type Cursor =
  | { readonly kind: "documents"; readonly ns: Namespace; readonly remaining: Array<Document> }
  | { readonly kind: "changes"; readonly ns: Namespace; readonly changeStream: ChangeStreamCursor }

/** MongoDB's default size of a first batch, in documents. */
export const defaultFirstBatchSize = 101

/** A reply stays under the 16 MiB BSON limit, with room for the reply's own fields. */
const maxBatchBytes = 16 * 1024 * 1024 - 16 * 1024

/** Open cursors by id. Like MongoDB's, they belong to the server, not to a connection. */
export class Cursors {
  readonly #open = new Map<number, Cursor>()

  /** Registers the cursor; the id the client will send in getMore. */
  open(cursor: Cursor): number {
    let id: number
    do id = randomInt(1, 2 ** 47)
    while (this.#open.has(id))
    this.#open.set(id, cursor)
    return id
  }

  get(id: number): Cursor {
    const cursor = this.#open.get(id)
    if (cursor === undefined) throw new CommandError("CursorNotFound", `cursor id ${id} not found`)
    return cursor
  }

  isOpen(id: number): boolean {
    return this.#open.has(id)
  }

  kill(id: number): boolean {
    return this.#open.delete(id)
  }
}

/** A cursor id as the client sends it (an int64, decoded to a number when it fits). */
export const cursorIdOf = (value: unknown): number => {
  if (typeof value === "number") return value
  if (value instanceof Long) return value.toNumber()
  if (typeof value === "bigint") return Number(value)
  throw new CommandError("TypeMismatch", `Field 'getMore' must be of type long in: ${String(value)}`)
}

/** Takes the next batch off `remaining`: up to `batchSize` documents, within the size limit. */
export const takeBatch = (remaining: Array<Document>, batchSize: number): Array<Document> => {
  let bytes = 0
  let count = 0
  for (const document of remaining) {
    if (count === batchSize) break
    bytes += calculateObjectSize(document)
    if (count > 0 && bytes > maxBatchBytes) break
    count += 1
  }
  return remaining.splice(0, count)
}

/** The `cursor` field of a reply; id 0 tells the client the cursor is exhausted. */
export const cursorReply = (
  ns: Namespace,
  id: number,
  batch: "firstBatch" | "nextBatch",
  documents: ReadonlyArray<Document>,
  extra: Document = {}
): Document => ({ cursor: { [batch]: documents, id: BigInt(id), ns: `${ns.db}.${ns.coll}`, ...extra } })

/** A batch size option, `fallback` when absent. */
export const batchSizeOf = (value: unknown, fallback: number): number =>
  typeof value === "number" && value >= 0 ? value : fallback
