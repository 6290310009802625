import type { Document } from "bson"
import { type Catalog, type CatalogSnapshot, namespaceKey } from "../Catalog.ts"
import type { ChangeLog } from "../ChangeLog.ts"
import { type CommandError, transientTransactionError } from "../CommandError.ts"
import type { DocumentWriter } from "../DocumentAccess.ts"
import type { DocumentLocks, LockHolder } from "./DocumentLocks.ts"
import { type IntendedWrite, StagedWrites } from "./StagedWrites.ts"

/** What transactions share: the data they read and write, the change log, the locks, the time limit. */
export type TransactionServices = {
  readonly catalog: Catalog
  readonly changes: ChangeLog
  readonly locks: DocumentLocks
  /** How long a transaction may stay open before it is aborted (MongoDB's `transactionLifetimeLimitSeconds`). */
  readonly lifetimeLimitMs: number
}

export type TransactionState = "open" | "committed" | "aborted"

/** MongoDB's default `transactionLifetimeLimitSeconds` is 60. */
export const defaultTransactionLifetimeLimitMs = 60_000

export const noSuchTransaction = (txnNumber: number): CommandError =>
  transientTransactionError("NoSuchTransaction", `Transaction ${txnNumber} has been aborted.`)

const writeConflict = (): CommandError =>
  transientTransactionError(
    "WriteConflict",
    "Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction."
  )

/**
 * One multi-document transaction of a session (`lsid` + `txnNumber`, `autocommit: false`).
 *
 * Isolation is snapshot isolation, as MongoDB's: the transaction reads the committed documents
 * as they were when it started (a copy-on-write snapshot of every collection, so starting costs
 * nothing per document), with its own staged writes in place (StagedWrites, applied at commit).
 *
 * A write conflicts (WriteConflict, 112, labelled TransientTransactionError, which makes the
 * driver's `withTransaction` run the transaction again) when another open transaction holds a
 * lock on the document or on one of its unique keys, or when the document, on first being
 * written here, is no longer the version the snapshot holds: something committed a change to it
 * since the transaction started. Once written, the document stays locked until the end, so
 * nothing else can change it: commit cannot fail.
 *
 * It ends by commit, abort (by the client, or by the server after a failed command, a newer
 * transaction on the session, `endSessions`, its connection closing), or when it outlives the
 * lifetime limit. Ending releases its locks, which lets waiting writers go on.
 */
export class Transaction implements LockHolder {
  readonly lsid: Document
  readonly txnNumber: number
  readonly ended: Promise<void>
  /** What the transaction's commands read and write. */
  readonly documents: DocumentWriter
  readonly #services: TransactionServices
  readonly #snapshot: CatalogSnapshot
  readonly #staged: StagedWrites
  /** The documents (namespace and `_id` key) this transaction has written, and so holds. */
  readonly #written = new Set<string>()
  readonly #connections = new Set<number>()
  readonly #expiry: ReturnType<typeof setTimeout>
  readonly #markEnded: () => void
  #state: TransactionState = "open"

  constructor(lsid: Document, txnNumber: number, services: TransactionServices) {
    this.lsid = lsid
    this.txnNumber = txnNumber
    this.#services = services
    const { promise, resolve } = Promise.withResolvers<void>()
    this.ended = promise
    this.#markEnded = resolve
    this.#snapshot = services.catalog.snapshot()
    this.#staged = new StagedWrites(services.catalog, (ns) => this.#snapshot.get(namespaceKey(ns))?.documents ?? [], {
      admit: (write) => this.#admit(write),
      staged: (write) => this.#hold(write)
    })
    this.documents = this.#staged
    this.#expiry = setTimeout(() => this.abort(), services.lifetimeLimitMs)
    // An abandoned transaction should not keep a test process alive.
    this.#expiry.unref()
  }

  get state(): TransactionState {
    return this.#state
  }

  /** Records that one of its commands came over this connection, so that its closing aborts it. */
  carriedBy(connectionId: number): void {
    this.#connections.add(connectionId)
  }

  isCarriedBy(connectionId: number): boolean {
    return this.#connections.has(connectionId)
  }

  /** Applies every write at once; committing again is a no-op, so a retried commitTransaction answers ok. */
  commit(): void {
    if (this.#state === "committed") return
    if (this.#state === "aborted") throw noSuchTransaction(this.txnNumber)
    if (!this.#staged.isEmpty) {
      this.#services.changes.appendCommitted({ lsid: this.lsid, txnNumber: this.txnNumber }, () =>
        this.#staged.applyToCatalog()
      )
    }
    this.#end("committed")
  }

  /** Discards every write; a no-op once ended. */
  abort(): void {
    if (this.#state === "open") this.#end("aborted")
  }

  #end(state: Exclude<TransactionState, "open">): void {
    this.#state = state
    clearTimeout(this.#expiry)
    this.#services.locks.releaseAll(this)
    this.#markEnded()
  }

  #admit(write: IntendedWrite): void {
    // A command's statements yield between them, so the transaction may have expired meanwhile.
    if (this.#state !== "open") throw noSuchTransaction(this.txnNumber)
    if (this.#services.locks.holderOf(write.lockKeys, this) !== undefined) throw writeConflict()
    if (this.#written.has(this.#documentKey(write))) return
    const ns = namespaceKey(write.ns)
    const inSnapshot = this.#snapshot.get(ns)?.byKey.get(write.key)
    const committed = this.#services.catalog.get(write.ns.db, write.ns.coll)?.findByKey(write.key)
    if (inSnapshot !== committed) throw writeConflict()
  }

  #hold(write: IntendedWrite): void {
    this.#services.locks.acquire(write.lockKeys, this)
    this.#written.add(this.#documentKey(write))
  }

  #documentKey(write: IntendedWrite): string {
    return `${namespaceKey(write.ns)}\u0000${write.key}`
  }
}
