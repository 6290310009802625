import type { Document } from "bson"
import { CommandError, transientTransactionError } from "../CommandError.ts"
import { noSuchTransaction, Transaction, type TransactionServices } from "./Transaction.ts"

/**
 * One logical session (`lsid`), as the server keeps it: the newest transaction number it used,
 * and what that number was used for, a multi-document transaction or a retryable write.
 *
 * The driver gives every retryable write and every transaction of a session a new, higher
 * `txnNumber`, and sends the same number again only to retry. So a lower number is refused
 * (TransactionTooOld), a higher one ends whatever the previous number left open, and the same
 * number finds what it started: the transaction to go on with, or the stored answer of the write
 * (which is not applied twice). Only the newest number is remembered, as on MongoDB.
 */
export class LogicalSession {
  readonly lsid: Document
  readonly #services: TransactionServices
  #txnNumber = -1
  #transaction: Transaction | undefined
  #retryableWrite: Promise<Document> | undefined

  constructor(lsid: Document, services: TransactionServices) {
    this.lsid = lsid
    this.#services = services
  }

  /** The transaction still open, if any. */
  get openTransaction(): Transaction | undefined {
    return this.#transaction?.state === "open" ? this.#transaction : undefined
  }

  /**
   * The transaction a command with `autocommit: false` runs in: a new one for `startTransaction`,
   * else the one of that number. A committed one only answers a retried commitTransaction.
   */
  transactionFor(txnNumber: number, startTransaction: boolean, commandName: string): Transaction {
    if (txnNumber < this.#txnNumber) {
      throw new CommandError(
        "TransactionTooOld",
        `Cannot start transaction ${txnNumber} on session because a newer transaction ${this.#txnNumber} has already started.`
      )
    }
    if (startTransaction) {
      if (txnNumber === this.#txnNumber) {
        throw new CommandError(
          "ConflictingOperationInProgress",
          `Cannot start a transaction at given transaction number ${txnNumber}: a transaction or retryable write with the same number has already run`
        )
      }
      this.#advance(txnNumber)
      this.#transaction = new Transaction(this.lsid, txnNumber, this.#services)
      return this.#transaction
    }
    const transaction = this.#transaction
    if (txnNumber !== this.#txnNumber || transaction === undefined) {
      throw transientTransactionError(
        "NoSuchTransaction",
        `Given transaction number ${txnNumber} does not match any in-progress transactions. The active transaction number is ${this.#txnNumber}`
      )
    }
    if (transaction.state === "aborted") throw noSuchTransaction(txnNumber)
    if (transaction.state === "committed" && commandName !== "commitTransaction") {
      throw new CommandError("TransactionCommitted", `Transaction ${txnNumber} has been committed.`)
    }
    return transaction
  }

  /**
   * Runs a retryable write (a write command with `txnNumber` and no `autocommit`) once: a retry
   * with the same number gets the first attempt's answer, or waits for it if it is still running.
   */
  retryableWrite(txnNumber: number, write: () => Promise<Document>): Promise<Document> {
    if (txnNumber < this.#txnNumber) {
      throw new CommandError(
        "TransactionTooOld",
        `Retryable write with txnNumber ${txnNumber} is prohibited on session because a newer retryable write with txnNumber ${this.#txnNumber} has already started on this session.`
      )
    }
    if (txnNumber === this.#txnNumber && this.#transaction !== undefined) {
      throw new CommandError(
        "ConflictingOperationInProgress",
        `Cannot run a retryable write with txnNumber ${txnNumber}: a transaction has that number`
      )
    }
    if (txnNumber === this.#txnNumber && this.#retryableWrite !== undefined) return this.#retryableWrite
    this.#advance(txnNumber)
    const answer = write()
    this.#retryableWrite = answer
    // A command that failed as a whole wrote nothing (MongoDB records no statement of it): a retry runs it again.
    answer.catch(() => {
      if (this.#retryableWrite === answer) this.#retryableWrite = undefined
    })
    return answer
  }

  /** `endSessions`: the session's open transaction is aborted. */
  end(): void {
    this.#transaction?.abort()
  }

  #advance(txnNumber: number): void {
    this.#transaction?.abort()
    this.#transaction = undefined
    this.#retryableWrite = undefined
    this.#txnNumber = txnNumber
  }
}
