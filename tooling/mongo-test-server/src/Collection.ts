// Over 200 lines on purpose: a collection's documents, indexes and snapshots for transactions must change together.
import type { Document } from "bson"
import type { ChangeLog, Namespace } from "./ChangeLog.ts"
import { CommandError } from "./CommandError.ts"
import { idKeyOf, isPlainDocument, keyString, sameValue } from "./documents.ts"
import { idIndex, type CollectionIndex } from "./CollectionIndex.ts"

/** A collection's committed documents at one moment, as a transaction reads them all along. */
export type CollectionSnapshot = {
  readonly documents: ReadonlyArray<Document>
  /** The same documents by `idKeyOf`. */
  readonly byKey: ReadonlyMap<string, Document>
}

/**
 * One collection's committed documents, in natural (insertion) order, and its indexes, with the
 * documents holding each key of each unique index. Every write logs a change event. Writes come
 * only from StagedWrites, which has checked the unique indexes and the `_id` before (it sees the
 * writes staged with this one, which this class does not).
 *
 * Stored documents are never mutated: an update stores a new object. So a document handed out
 * (a cursor's batch, a change event's full document, a transaction's snapshot) stays the version
 * it was, and whether a document changed since a snapshot is whether it is still the same object.
 * A snapshot shares the collection's array and map until the next write copies them
 * (copy-on-write), so starting a transaction costs nothing per document.
 */
export class Collection {
  readonly ns: Namespace
  readonly #changes: ChangeLog
  #documents: Array<Document> = []
  #byKey = new Map<string, Document>()
  /** True while a snapshot shares `#documents` and `#byKey`: the next write copies them first. */
  #shared = false
  readonly #indexes: Array<CollectionIndex> = [idIndex()]
  /** For each unique index, the document holding each key (by `CollectionIndex.keyOf`). */
  readonly #uniqueKeys = new Map<CollectionIndex, Map<string, Document>>(
    this.#indexes.map((index) => [index, new Map()])
  )

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

  snapshot(): CollectionSnapshot {
    this.#shared = true
    return { documents: this.#documents, byKey: this.#byKey }
  }

  findById(id: unknown): Document | undefined {
    return this.#byKey.get(keyString(id))
  }

  /** The document whose `idKeyOf` is `key`. */
  findByKey(key: string): Document | undefined {
    return this.#byKey.get(key)
  }

  /** The document that has `key` (from `index.keyOf`) in the unique index. */
  holderOfUniqueKey(index: CollectionIndex, key: string): Document | undefined {
    return this.#uniqueKeys.get(index)?.get(key)
  }

  insert(document: Document): void {
    this.#own()
    this.#documents.push(document)
    this.#byKey.set(idKeyOf(document), document)
    this.#indexKeys(document, "add")
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
    this.#own()
    this.#documents[position] = after
    this.#byKey.set(idKeyOf(after), after)
    this.#indexKeys(before, "remove")
    this.#indexKeys(after, "add")
    this.#changes.append({
      ns: this.ns,
      operationType,
      documentKey: { _id: after["_id"] },
      ...(operationType === "replace" ? { fullDocument: after } : { updateDescription: describeUpdate(before, after) })
    })
    return true
  }

  delete(document: Document): void {
    const position = this.#positionOf(document)
    this.#own()
    // A new array, not a splice: whoever is going over the old one (the TTL monitor) goes on undisturbed.
    this.#documents = this.#documents.toSpliced(position, 1)
    this.#byKey.delete(idKeyOf(document))
    this.#indexKeys(document, "remove")
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
    if (index.unique) {
      const keys = new Map<string, Document>()
      for (const document of this.#documents) {
        const key = index.keyOf(document)
        if (key === undefined) continue
        // Building a unique index over duplicates fails, as it does on MongoDB.
        if (keys.has(key)) throw index.duplicateKey(this.name, document)
        keys.set(key, document)
      }
      this.#uniqueKeys.set(index, keys)
    }
    this.#indexes.push(index)
    return true
  }

  #indexKeys(document: Document, change: "add" | "remove"): void {
    for (const [index, keys] of this.#uniqueKeys) {
      const key = index.keyOf(document)
      if (key === undefined) continue
      if (change === "add") keys.set(key, document)
      // Only if it is this document's: never the key another document holds.
      else if (keys.get(key) === document) keys.delete(key)
    }
  }

  #own(): void {
    if (!this.#shared) return
    this.#documents = [...this.#documents]
    this.#byKey = new Map(this.#byKey)
    this.#shared = false
  }

  // Writes name the stored object itself (queries hand those out), never an equal copy.
  #positionOf(document: Document): number {
    const position = this.#documents.indexOf(document)
    if (position < 0) throw new Error(`Not a stored document of ${this.name}`)
    return position
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
