import type { Document } from "bson"
import { find, Query } from "mingo"
import { isPlainDocument } from "./documents.ts"

export type QueryOptions = {
  readonly filter?: unknown
  readonly sort?: unknown
  readonly skip?: unknown
  readonly limit?: unknown
}

const documentOr = (value: unknown, fallback: Document): Document => (isPlainDocument(value) ? value : fallback)

const count = (value: unknown): number => (typeof value === "number" ? Math.abs(value) : 0)

/**
 * The documents matching a query, in sort order (natural order when there is none). They are the
 * objects a DocumentReader handed out, not copies, so a write can name the version it replaces.
 */
export const matching = (documents: ReadonlyArray<Document>, options: QueryOptions): Array<Document> => {
  // Compiled even for a missing collection, so a bad query fails there too, as on MongoDB.
  let cursor = new Query(documentOr(options.filter, {}), {}).find(documents)
  const sort = documentOr(options.sort, {})
  // oxlint-disable-next-line unicorn/no-array-sort -- mingo's Cursor#sort, not Array#sort
  if (Object.keys(sort).length > 0) cursor = cursor.sort(sort)
  if (count(options.skip) > 0) cursor = cursor.skip(count(options.skip))
  if (count(options.limit) > 0) cursor = cursor.limit(count(options.limit))
  return cursor.all() as Array<Document>
}

export const project = (documents: ReadonlyArray<Document>, projection: unknown): Array<Document> =>
  isPlainDocument(projection) && Object.keys(projection).length > 0
    ? (find(documents, {}, projection).all() as Array<Document>)
    : [...documents]
