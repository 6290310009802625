import { randomBytes } from "node:crypto"
import type { Document, Timestamp } from "bson"
import type { ClusterClock } from "./ClusterClock.ts"
import { CommandError } from "./CommandError.ts"

export type Namespace = { readonly db: string; readonly coll: string }

/** The session and transaction number of a committed transaction, which its change events carry. */
export type TransactionOrigin = { readonly lsid: Document; readonly txnNumber: number }

export type ChangeEvent = {
  /** Position in the log; resume tokens name it. */
  readonly sequence: number
  readonly clusterTime: Timestamp
  readonly wallTime: Date
  readonly ns: Namespace
  readonly operationType: "insert" | "update" | "replace" | "delete" | "drop"
  readonly documentKey?: Document
  /** The document as written, for inserts and replacements. */
  readonly fullDocument?: Document
  readonly updateDescription?: Document
  /** Set on the writes of a transaction. */
  readonly transaction?: TransactionOrigin
}

export type NewChangeEvent = Omit<ChangeEvent, "sequence" | "clusterTime" | "wallTime" | "transaction">

/** Like an oplog of fixed size: the oldest events are forgotten, and resuming before them fails. */
const retainedEvents = 100_000

const historyLost = () =>
  new CommandError(
    "ChangeStreamHistoryLost",
    "Resume of change stream was not possible, as the resume point may no longer be in the oplog."
  )

/**
 * Every committed write, in order: what change streams read, as MongoDB's read the oplog.
 *
 * A resume token is `{ _data: <hex> }`: this server's epoch (random per start, because the log
 * lives in memory and a token from an earlier run names a history that is gone), the position
 * after which to resume, and whether it is an invalidate token.
 */
export class ChangeLog {
  readonly #clock: ClusterClock
  readonly #epoch = randomBytes(8).toString("hex")
  #events: Array<ChangeEvent> = []
  /** The sequence of the oldest event still held; every earlier one is forgotten. */
  #firstHeld = 1
  /** The cluster time of the newest forgotten event. */
  #forgottenUpTo: Timestamp | undefined
  #last = 0
  readonly #waiters = new Set<() => void>()
  /** While a transaction's writes are applied: its origin and the one cluster time they share. */
  #committing: { readonly origin: TransactionOrigin; readonly clusterTime: Timestamp } | undefined

  constructor(clock: ClusterClock) {
    this.#clock = clock
  }

  get lastSequence(): number {
    return this.#last
  }

  append(event: NewChangeEvent): void {
    this.#last += 1
    const committing = this.#committing
    this.#events.push({
      ...event,
      sequence: this.#last,
      clusterTime: committing?.clusterTime ?? this.#clock.tick(),
      wallTime: new Date(),
      ...(committing === undefined ? {} : { transaction: committing.origin })
    })
    if (this.#events.length > retainedEvents) this.#forgetBefore(this.#events.length - retainedEvents / 2)
    this.wake()
  }

  /**
   * Logs the writes `apply` makes as one transaction's: at one cluster time and in order, as
   * MongoDB's single oplog entry for a committed transaction. `apply` runs without yielding, so a
   * change stream sees all of them or none.
   */
  appendCommitted(origin: TransactionOrigin, apply: () => void): void {
    this.#committing = { origin, clusterTime: this.#clock.tick() }
    try {
      apply()
    } finally {
      this.#committing = undefined
    }
  }

  /** Forgets every event so far, as when the oplog rolls over past a stream that fell behind. */
  forgetAll(): void {
    this.#forgetBefore(this.#events.length)
  }

  #forgetBefore(index: number): void {
    this.#forgottenUpTo = this.#events[index - 1]?.clusterTime ?? this.#forgottenUpTo
    this.#events = this.#events.slice(index)
    this.#firstHeld = this.#events[0]?.sequence ?? this.#last + 1
  }

  /** The events after `position` (a sequence), oldest first. */
  *eventsAfter(position: number): Iterable<ChangeEvent> {
    for (let index = Math.max(0, position + 1 - this.#firstHeld); index < this.#events.length; index += 1) {
      const event = this.#events[index]
      if (event !== undefined) yield event
    }
  }

  token(position: number, invalidate = false): Document {
    return { _data: `${this.#epoch}${position.toString(16).padStart(16, "0")}${invalidate ? "01" : "00"}` }
  }

  /** The position a `resumeAfter` / `startAfter` token names; throws when it cannot be resumed from. */
  positionOf(token: unknown, option: "resumeAfter" | "startAfter"): number {
    const data = typeof token === "object" && token !== null ? (token as Document)["_data"] : undefined
    if (typeof data !== "string" || !/^[0-9a-f]{34}$/.test(data)) {
      throw new CommandError("InvalidResumeToken", `Invalid resume token: ${JSON.stringify(token)}`)
    }
    if (data.endsWith("01") && option === "resumeAfter") {
      throw new CommandError(
        "InvalidResumeToken",
        "Attempting to resume a change stream using 'resumeAfter' is not allowed from an invalidate notification."
      )
    }
    const position = Number.parseInt(data.slice(16, 32), 16)
    if (!data.startsWith(this.#epoch) || position < this.#firstHeld - 1 || position > this.#last) throw historyLost()
    return position
  }

  /** The position just before the first event at or after `time` (`startAtOperationTime`). */
  positionAt(time: Timestamp): number {
    if (this.#forgottenUpTo !== undefined && !this.#forgottenUpTo.lessThan(time)) throw historyLost()
    for (const event of this.#events) {
      if (!event.clusterTime.lessThan(time)) return event.sequence - 1
    }
    return this.#last
  }

  /** Resolves on the next append or `wake()`, or after `timeoutMs`. */
  waitForChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.#waiters.delete(done)
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      this.#waiters.add(done)
    })
  }

  /** Lets every waiting getMore look again (a write, a killed cursor, the server closing). */
  wake(): void {
    // Each waiter removes itself, which is safe while iterating a Set.
    for (const waiter of this.#waiters) waiter()
  }
}
