import type { Transaction } from "../transactions/Transaction.ts"
import { CommandError } from "../CommandError.ts"
import type { CommandContext, CommandHandler } from "./CommandContext.ts"

/**
 * The transaction that `commitTransaction` / `abortTransaction` end. The session has already
 * found it by `txnNumber` (and answered NoSuchTransaction, TransactionCommitted or
 * TransactionTooOld when there is none to end; see LogicalSession).
 */
const transactionOf = (name: string, context: CommandContext): Transaction => {
  if (context.db !== "admin") {
    throw new CommandError("Unauthorized", `${name} may only be run against the admin database.`)
  }
  if (context.transaction === undefined) {
    throw new CommandError("InvalidOptions", `${name} must be run within a transaction (autocommit: false)`)
  }
  return context.transaction
}

/** Applies every write of the transaction at once; again after success, it answers ok. */
export const commitTransaction: CommandHandler = (_command, context) => {
  transactionOf("commitTransaction", context).commit()
  return {}
}

export const abortTransaction: CommandHandler = (_command, context) => {
  transactionOf("abortTransaction", context).abort()
  return {}
}
