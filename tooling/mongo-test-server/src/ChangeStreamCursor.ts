import { type Document, Long, Timestamp } from "bson"
import { Aggregator } from "mingo"
import type { Catalog } from "./Catalog.ts"
import type { ChangeEvent, ChangeLog, Namespace } from "./ChangeLog.ts"
import { CommandError } from "./CommandError.ts"
import { isPlainDocument } from "./documents.ts"

const knownOptions = new Set(["fullDocument", "resumeAfter", "startAfter", "startAtOperationTime"])

/**
 * A `$changeStream` on one collection: reads the change log from a position, renders each event
 * as MongoDB does, and runs it through the stages that follow `$changeStream` in the pipeline.
 * Dropping the collection delivers `drop`, then `invalidate`, and ends the stream.
 */
export class ChangeStreamCursor {
  readonly ns: Namespace
  readonly #catalog: Catalog
  readonly #changes: ChangeLog
  readonly #lookUpUpdates: boolean
  readonly #stages: Aggregator | undefined
  #position: number
  #invalidated = false

  constructor(
    ns: Namespace,
    stage: unknown,
    followingStages: ReadonlyArray<Document>,
    catalog: Catalog,
    changes: ChangeLog
  ) {
    if (!isPlainDocument(stage)) throw new CommandError("TypeMismatch", "$changeStream stage expects a document")
    for (const option of Object.keys(stage)) {
      if (!knownOptions.has(option)) {
        throw new CommandError(
          "CommandNotSupported",
          `$changeStream option '${option}' is not supported by this test double`
        )
      }
    }
    const fullDocument = stage["fullDocument"] ?? "default"
    if (fullDocument !== "default" && fullDocument !== "updateLookup") {
      throw new CommandError(
        "CommandNotSupported",
        `fullDocument: '${String(fullDocument)}' needs pre- and post-images, which this test double does not keep`
      )
    }
    const startOptions = ["resumeAfter", "startAfter", "startAtOperationTime"].filter((option) => option in stage)
    if (startOptions.length > 1) {
      throw new CommandError("BadValue", "Only one type of resume option is allowed, but multiple were found.")
    }
    this.ns = ns
    this.#catalog = catalog
    this.#changes = changes
    this.#lookUpUpdates = fullDocument === "updateLookup"
    this.#stages = followingStages.length === 0 ? undefined : new Aggregator([...followingStages])
    const startAt = stage["startAtOperationTime"]
    if (startAt !== undefined && !(startAt instanceof Timestamp)) {
      throw new CommandError("TypeMismatch", "startAtOperationTime must be a timestamp")
    }
    this.#position =
      "resumeAfter" in stage
        ? changes.positionOf(stage["resumeAfter"], "resumeAfter")
        : "startAfter" in stage
          ? changes.positionOf(stage["startAfter"], "startAfter")
          : startAt === undefined
            ? changes.lastSequence
            : changes.positionAt(startAt)
  }

  /** True once the stream delivered `invalidate`; the cursor is then closed. */
  get invalidated(): boolean {
    return this.#invalidated
  }

  /** The next events (up to `batchSize`) and the token to resume after them. Never waits. */
  nextBatch(batchSize: number): { readonly events: Array<Document>; readonly postBatchResumeToken: Document } {
    const events: Array<Document> = []
    let position = this.#position
    let stopped = false
    for (const event of this.#changes.eventsAfter(this.#position)) {
      if (events.length >= batchSize) {
        stopped = true
        break
      }
      position = event.sequence
      if (event.ns.db !== this.ns.db || event.ns.coll !== this.ns.coll) continue
      events.push(...this.#throughStages(this.#render(event)))
      if (event.operationType === "drop") {
        events.push({
          _id: this.#changes.token(position, true),
          operationType: "invalidate",
          clusterTime: event.clusterTime,
          wallTime: event.wallTime
        })
        this.#invalidated = true
        stopped = true
        break
      }
    }
    // Having read to the end of the log, the stream is at its end even past other collections' events.
    this.#position = stopped ? position : this.#changes.lastSequence
    return { events, postBatchResumeToken: this.#changes.token(this.#position, this.#invalidated) }
  }

  #render(event: ChangeEvent): Document {
    const fullDocument =
      event.operationType === "update" && this.#lookUpUpdates
        ? (this.#catalog.get(event.ns.db, event.ns.coll)?.findById(event.documentKey?.["_id"]) ?? null)
        : event.fullDocument
    return {
      _id: this.#changes.token(event.sequence),
      operationType: event.operationType,
      clusterTime: event.clusterTime,
      wallTime: event.wallTime,
      ...(fullDocument === undefined ? {} : { fullDocument }),
      ns: event.ns,
      ...(event.documentKey === undefined ? {} : { documentKey: event.documentKey }),
      ...(event.updateDescription === undefined ? {} : { updateDescription: event.updateDescription }),
      ...(event.transaction === undefined
        ? {}
        : { lsid: event.transaction.lsid, txnNumber: Long.fromNumber(event.transaction.txnNumber) })
    }
  }

  #throughStages(event: Document): Array<Document> {
    return this.#stages === undefined ? [event] : (this.#stages.run([event]) as Array<Document>)
  }
}
