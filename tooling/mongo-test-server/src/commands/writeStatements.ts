import type { Document } from "bson"
import { asCommandError, type ErrorCodeName } from "../CommandError.ts"
import type { DocumentWriter } from "../DocumentAccess.ts"
import { isPlainDocument } from "../documents.ts"
import type { CommandContext } from "./CommandContext.ts"

/**
 * Errors that fail the whole command rather than one statement, as on MongoDB: a write conflict
 * (the driver must see its TransientTransactionError label at the top) and a wait that ran out.
 */
const commandErrors: ReadonlySet<ErrorCodeName> = new Set(["WriteConflict", "NoSuchTransaction", "MaxTimeMSExpired"])

/**
 * Runs a write command's statements in order, each one through `context.writeStatement`,
 * collecting each failure as a `writeErrors` entry (a duplicate key fails its statement, not the
 * command). Ordered writes stop at the first failure; unordered ones go on, except in a
 * transaction, which the failure aborts. Answers the results of the statements that succeeded.
 */
export const runStatements = async <Result>(
  context: CommandContext,
  statements: unknown,
  ordered: unknown,
  run: (statement: Document, index: number, documents: DocumentWriter) => Result
): Promise<{ readonly results: ReadonlyArray<Result>; readonly writeErrors: Document }> => {
  const results: Array<Result> = []
  const writeErrors: Array<Document> = []
  const list: ReadonlyArray<unknown> = Array.isArray(statements) ? statements : []
  const stopAtFirstError = ordered !== false || context.transaction !== undefined
  for (const [index, statement] of list.entries()) {
    try {
      results.push(
        await context.writeStatement((documents) => run(isPlainDocument(statement) ? statement : {}, index, documents))
      )
    } catch (error) {
      const failure = asCommandError(error)
      if (commandErrors.has(failure.codeName)) throw failure
      writeErrors.push(failure.toWriteError(index))
      if (stopAtFirstError) break
    }
  }
  return { results, writeErrors: writeErrors.length === 0 ? {} : { writeErrors } }
}
