import type { Document } from "bson"

/** MongoDB's own codes for the errors this server reports (src/mongo/base/error_codes.yml). */
export const errorCodes = {
  BadValue: 2,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  NamespaceNotFound: 26,
  CursorNotFound: 43,
  MaxTimeMSExpired: 50,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  CommandNotSupported: 115,
  ConflictingOperationInProgress: 117,
  TransactionTooOld: 225,
  CursorKilled: 237,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  InvalidResumeToken: 260,
  OperationNotSupportedInTransaction: 263,
  ChangeStreamHistoryLost: 286,
  UnsupportedOpQueryCommand: 352,
  DuplicateKey: 11000,
  Interrupted: 11601,
  Location40602: 40602
} as const

export type ErrorCodeName = keyof typeof errorCodes

/**
 * A command that fails the way MongoDB fails it: `{ ok: 0, errmsg, code, codeName }` plus the
 * fields some errors carry (a duplicate key's `keyPattern` and `keyValue`), and the error labels
 * that tell the driver what it may do about it (`TransientTransactionError`: run the whole
 * transaction again).
 */
export class CommandError extends Error {
  readonly codeName: ErrorCodeName
  readonly details: Document
  readonly errorLabels: ReadonlyArray<string>

  constructor(
    codeName: ErrorCodeName,
    message: string,
    details: Document = {},
    errorLabels: ReadonlyArray<string> = []
  ) {
    super(message)
    this.codeName = codeName
    this.details = details
    this.errorLabels = errorLabels
  }

  get code(): number {
    return errorCodes[this.codeName]
  }

  /** The entry of a write command's `writeErrors` for the statement at `index`. */
  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.details }
  }

  toReply(): Document {
    const labels = this.errorLabels.length === 0 ? {} : { errorLabels: [...this.errorLabels] }
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.details, ...labels }
  }
}

/** An error after which the driver's `withTransaction` runs the whole transaction again. */
export const transientTransactionError = (codeName: ErrorCodeName, message: string): CommandError =>
  new CommandError(codeName, message, {}, ["TransientTransactionError"])

/** Anything else a handler throws (mingo rejecting a query or an update, say) is bad input. */
export const asCommandError = (error: unknown): CommandError =>
  error instanceof CommandError
    ? error
    : new CommandError("BadValue", error instanceof Error ? error.message : String(error))
