import type { Document } from "bson"
import { asCommandError } from "../CommandError.ts"
import { isPlainDocument } from "../documents.ts"

/**
 * Runs a write command's statements in order, collecting each failure as a `writeErrors` entry
 * (a duplicate key fails its statement, not the command). Ordered writes stop at the first
 * failure; unordered ones go on.
 */
export const runStatements = (
  statements: unknown,
  ordered: unknown,
  run: (statement: Document, index: number) => void
): Document => {
  const writeErrors: Array<Document> = []
  const list: ReadonlyArray<unknown> = Array.isArray(statements) ? statements : []
  for (const [index, statement] of list.entries()) {
    try {
      run(isPlainDocument(statement) ? statement : {}, index)
    } catch (error) {
      writeErrors.push(asCommandError(error).toWriteError(index))
      if (ordered !== false) break
    }
  }
  return writeErrors.length === 0 ? {} : { writeErrors }
}
