import type { Document } from "bson"
import type { ChangeLog, Namespace } from "./ChangeLog.ts"
import { CommandError } from "./CommandError.ts"
import { isPlainDocument, sameValue } from "./documents.ts"
import { idIndex, type CollectionIndex } from "./CollectionIndex.ts"

/**
 * One collection's documents, in natural (insertion) order, and its indexes. Every write checks
 * the unique indexes first and then logs a change event, so a failed write changes nothing.
 *
 * Stored documents are never mutated: an update stores a new object. So a document handed out
 * (a cursor's batch, a change event's full document) stays the version it was.
 */
export class Collection {
  readonly ns: Namespace
  readonly #changes: ChangeLog
  #documents: Array<Document> = []
  readonly #indexes: Array<CollectionIndex> = [idIndex()]

  constructor(ns: Namespace, changes: ChangeLog) {
    this.ns = ns
    this.#changes = changes
  }

  get name(): string {
    return `${this.ns.db}.${this.ns.coll}`
  }

  get documents(): ReadonlyArray<Document> {
    return this.#documents
  }

  get indexes(): ReadonlyArray<CollectionIndex> {
    return this.#indexes
  }

  findById(id: unknown): Document | undefined {
    return this.#documents.find((document) => sameValue(document["_id"], id))
  }

  insert(document: Document): void {
    if (Array.isArray(document["_id"])) throw new CommandError("BadValue", "can't use an array for _id")
    this.#checkUnique(document, undefined)
    this.#documents.push(document)
    this.#changes.append({
      ns: this.ns,
      operationType: "insert",
      documentKey: { _id: document["_id"] },
      fullDocument: document
    })
  }

  /** Stores `after` in place of `before`; false (and nothing logged) when it is the same document. */
  replace(before: Document, after: Document, operationType: "update" | "replace"): boolean {
    if (sameValue(before, after)) return false
    const position = this.#positionOf(before)
    this.#checkUnique(after, before)
    this.#documents[position] = after
    this.#changes.append({
      ns: this.ns,
      operationType,
      documentKey: { _id: after["_id"] },
      ...(operationType === "replace" ? { fullDocument: after } : { updateDescription: describeUpdate(before, after) })
    })
    return true
  }

  delete(document: Document): void {
    this.#documents = this.#documents.toSpliced(this.#positionOf(document), 1)
    this.#changes.append({ ns: this.ns, operationType: "delete", documentKey: { _id: document["_id"] } })
  }

  /** Adds the index; false when an identical one exists. */
  createIndex(index: CollectionIndex): boolean {
    for (const existing of this.#indexes) {
      const sameName = existing.name === index.name
      const sameKey = existing.sameKey(index)
      if (sameName && sameKey && existing.sameOptions(index)) return false
      if (sameName && !sameKey) {
        throw new CommandError(
          "IndexKeySpecsConflict",
          `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(
            index.spec
          )}, existing index: ${JSON.stringify(existing.spec)}`
        )
      }
      if (sameName || sameKey) {
        throw new CommandError(
          "IndexOptionsConflict",
          `An equivalent index already exists with a different name or options. Requested index: ${JSON.stringify(
            index.spec
          )}, existing index: ${JSON.stringify(existing.spec)}`
        )
      }
    }
    // Building a unique index over duplicates fails, as it does on MongoDB.
    this.#documents.forEach((document, position) =>
      index.checkUnique(this.name, document, this.#documents.slice(0, position))
    )
    this.#indexes.push(index)
    return true
  }

  // Writes name the stored object itself (queries hand those out), never an equal copy.
  #positionOf(document: Document): number {
    const position = this.#documents.indexOf(document)
    if (position < 0) throw new Error(`Not a stored document of ${this.name}`)
    return position
  }

  #checkUnique(document: Document, replacing: Document | undefined): void {
    const others = replacing === undefined ? this.#documents : this.#documents.filter((stored) => stored !== replacing)
    for (const index of this.#indexes) index.checkUnique(this.name, document, others)
  }
}

/**
 * What an update event reports: the fields set (dotted paths into embedded documents) and the
 * fields removed. Arrays are reported whole, never truncated.
 */
const describeUpdate = (before: Document, after: Document): Document => {
  const updatedFields: Document = {}
  const removedFields: Array<string> = []
  const compare = (old: Document, current: Document, prefix: string) => {
    for (const [field, value] of Object.entries(current)) {
      const previous = old[field]
      if (field in old && isPlainDocument(previous) && isPlainDocument(value)) {
        compare(previous, value, `${prefix}${field}.`)
      } else if (!(field in old) || !sameValue(previous, value)) {
        updatedFields[`${prefix}${field}`] = value
      }
    }
    for (const field of Object.keys(old)) {
      if (!(field in current)) removedFields.push(`${prefix}${field}`)
    }
  }
  compare(before, after, "")
  return { updatedFields, removedFields, truncatedArrays: [] }
}
