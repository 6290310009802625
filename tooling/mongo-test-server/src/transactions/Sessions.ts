import { Binary, type Document } from "bson"
import { CommandError } from "../CommandError.ts"
import { isPlainDocument } from "../documents.ts"
import { LogicalSession } from "./LogicalSession.ts"
import type { TransactionServices } from "./Transaction.ts"

/**
 * The logical sessions the server knows, by `lsid.id` (a UUID the driver picks). A session comes
 * into being with the first command that names it and is forgotten at `endSessions`; sessions do
 * not time out here (MongoDB forgets one after `logicalSessionTimeoutMinutes` of disuse).
 *
 * A transaction is aborted when a connection that carried one of its commands closes: a client
 * that crashed (kill -9) or lost its network leaves nothing behind, and the driver, which sees a
 * network error in a transaction as TransientTransactionError, runs it again. MongoDB itself
 * keeps such a transaction, and its locks, until its lifetime limit runs out.
 */
export class Sessions {
  readonly #services: TransactionServices
  readonly #byId = new Map<string, LogicalSession>()

  constructor(services: TransactionServices) {
    this.#services = services
  }

  /** The session an `lsid` names, new if it was never seen. */
  of(lsid: unknown): LogicalSession {
    const id = idOf(lsid)
    const existing = this.#byId.get(id)
    if (existing !== undefined) return existing
    const session = new LogicalSession(lsid as Document, this.#services)
    this.#byId.set(id, session)
    return session
  }

  end(lsids: unknown): void {
    for (const lsid of Array.isArray(lsids) ? lsids : []) {
      const id = idOf(lsid)
      this.#byId.get(id)?.end()
      this.#byId.delete(id)
    }
  }

  connectionClosed(connectionId: number): void {
    for (const session of this.#byId.values()) {
      const transaction = session.openTransaction
      if (transaction?.isCarriedBy(connectionId) === true) transaction.abort()
    }
  }

  /** The server is closing: nothing uncommitted survives it, and no writer is left waiting. */
  endAll(): void {
    for (const session of this.#byId.values()) session.end()
    this.#byId.clear()
  }
}

const idOf = (lsid: unknown): string => {
  const id = isPlainDocument(lsid) ? lsid["id"] : undefined
  if (!(id instanceof Binary)) throw new CommandError("FailedToParse", "lsid must be a document with a UUID 'id'")
  return id.toString("hex")
}
