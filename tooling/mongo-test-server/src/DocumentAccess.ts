import type { Document } from "bson"
import type { Namespace } from "./ChangeLog.ts"

/**
 * What a command reads and writes documents through, so that the same handler runs outside a
 * transaction (on the committed documents) and inside one (on the transaction's own view of
 * them). Handlers never reach into collections for documents themselves.
 */
export interface DocumentReader {
  /** The collection's documents as this reader sees them, in natural order; none for a missing collection. */
  documentsOf(ns: Namespace): ReadonlyArray<Document>
}

export interface DocumentWriter extends DocumentReader {
  /** Adds the document, creating the collection if needed; throws DuplicateKey on a unique index. */
  insert(ns: Namespace, document: Document): void
  /** Stores `after` in place of `before`, a document this writer read; false when nothing changes. */
  replace(ns: Namespace, before: Document, after: Document, operationType: "update" | "replace"): boolean
  /** Removes `document`, one this writer read. */
  delete(ns: Namespace, document: Document): void
}
