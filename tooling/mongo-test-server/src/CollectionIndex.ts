import type { Document } from "bson"
import { Query } from "mingo"
import { CommandError } from "./CommandError.ts"
import { formatKey, isPlainDocument, keyString, sameValue, valueAtPath } from "./documents.ts"

/** An index as `listIndexes` reports it. */
export type IndexSpec = {
  readonly v: 2
  readonly key: Document
  readonly name: string
  readonly unique?: boolean
  readonly sparse?: boolean
  /** A TTL index; the TtlMonitor deletes documents whose indexed date is that much in the past. */
  readonly expireAfterSeconds?: number
  readonly partialFilterExpression?: Document
}

const options = ["unique", "sparse", "expireAfterSeconds", "partialFilterExpression"] as const

/**
 * What an index means to this server: which documents it covers and the key it holds for each,
 * so unique indexes can be enforced (Collection keeps each unique index's keys in a map). Queries
 * do not use indexes; they scan the collection.
 */
export class CollectionIndex {
  readonly spec: IndexSpec
  readonly #partialFilter: Query | undefined

  constructor(spec: IndexSpec) {
    this.spec = spec
    this.#partialFilter =
      spec.partialFilterExpression === undefined ? undefined : new Query(spec.partialFilterExpression, {})
  }

  static parse(raw: unknown): CollectionIndex {
    if (!isPlainDocument(raw) || !isPlainDocument(raw["key"]) || Object.keys(raw["key"]).length === 0) {
      throw new CommandError("FailedToParse", "An index specification must have a non-empty 'key' document")
    }
    const key: Document = raw["key"]
    for (const [field, direction] of Object.entries(key)) {
      if (direction !== 1 && direction !== -1) {
        throw new CommandError(
          "CommandNotSupported",
          `Index type ${String(direction)} on '${field}' is not supported by this test double`
        )
      }
    }
    if (typeof raw["name"] !== "string" || raw["name"] === "") {
      throw new CommandError("FailedToParse", "An index specification must have a 'name'")
    }
    const expireAfterSeconds = raw["expireAfterSeconds"]
    if (expireAfterSeconds !== undefined && (typeof expireAfterSeconds !== "number" || expireAfterSeconds < 0)) {
      throw new CommandError("BadValue", "expireAfterSeconds must be a non-negative number")
    }
    if (expireAfterSeconds !== undefined && Object.keys(key).length > 1) {
      throw new CommandError(
        "CannotCreateIndex",
        "TTL indexes are single-field indexes, compound indexes do not support TTL"
      )
    }
    const spec: Record<string, unknown> = { v: 2, key, name: raw["name"] }
    for (const option of options) {
      // `unique: false` is what MongoDB also drops from the stored spec.
      if (raw[option] !== undefined && raw[option] !== false) spec[option] = raw[option]
    }
    return new CollectionIndex(spec as IndexSpec)
  }

  get name(): string {
    return this.spec.name
  }

  /** Whether two documents may not share this index's key (`_id_` is always unique). */
  get unique(): boolean {
    return this.spec.unique === true || this.name === idIndexName
  }

  sameKey(other: CollectionIndex): boolean {
    return sameValue(this.spec.key, other.spec.key)
  }

  sameOptions(other: CollectionIndex): boolean {
    return options.every((option) => sameValue(this.spec[option], other.spec[option]))
  }

  /** The index key of `document` (missing fields count as null), or undefined if it is not indexed. */
  entry(document: Document): Document | undefined {
    if (this.#partialFilter !== undefined && !this.#partialFilter.test(document)) return undefined
    const entry: Document = {}
    let anyPresent = false
    for (const field of Object.keys(this.spec.key)) {
      const value = valueAtPath(document, field)
      if (value !== undefined) anyPresent = true
      entry[field] = value ?? null
    }
    return this.spec.sparse === true && !anyPresent ? undefined : entry
  }

  /** A string equal for equal index keys of documents, or undefined if `document` is not indexed. */
  keyOf(document: Document): string | undefined {
    const entry = this.entry(document)
    return entry === undefined ? undefined : keyString(entry)
  }

  /** MongoDB's duplicate key error for `document`, whose key another document of `namespace` has. */
  duplicateKey(namespace: string, document: Document): CommandError {
    const keyValue = this.entry(document) ?? {}
    return new CommandError(
      "DuplicateKey",
      `E11000 duplicate key error collection: ${namespace} index: ${this.name} dup key: ${formatKey(keyValue)}`,
      { keyPattern: this.spec.key, keyValue }
    )
  }
}

export const idIndexName = "_id_"

export const idIndex = (): CollectionIndex => new CollectionIndex({ v: 2, key: { _id: 1 }, name: idIndexName })
