import type { Document } from "bson"
import type { ChangeLog, Namespace } from "./ChangeLog.ts"
import { Collection, type CollectionSnapshot } from "./Collection.ts"
import { CommandError } from "./CommandError.ts"
import type { DocumentReader } from "./DocumentAccess.ts"

/** Every collection's committed documents at one moment, by `namespaceKey`. */
export type CatalogSnapshot = ReadonlyMap<string, CollectionSnapshot>

export const namespaceKey = (ns: Namespace): string => `${ns.db}.${ns.coll}`

/** Refuses a name MongoDB would not create a collection under. */
export const checkCollectionName = (ns: Namespace): void => {
  if (ns.coll === "" || ns.coll.includes("$") || ns.coll.startsWith("system.")) {
    throw new CommandError("InvalidNamespace", `Invalid collection name: ${ns.db}.${ns.coll}`)
  }
}

/**
 * The databases and their collections; like MongoDB, writes create them on first use. As a
 * DocumentReader it is what a command outside a transaction reads: the committed documents.
 */
export class Catalog implements DocumentReader {
  readonly #changes: ChangeLog
  readonly #databases = new Map<string, Map<string, Collection>>()

  constructor(changes: ChangeLog) {
    this.#changes = changes
  }

  get(db: string, coll: string): Collection | undefined {
    return this.#databases.get(db)?.get(coll)
  }

  documentsOf(ns: Namespace): ReadonlyArray<Document> {
    return this.get(ns.db, ns.coll)?.documents ?? []
  }

  getOrCreate(db: string, coll: string): Collection {
    const existing = this.get(db, coll)
    if (existing !== undefined) return existing
    checkCollectionName({ db, coll })
    const collection = new Collection({ db, coll }, this.#changes)
    const database = this.#databases.get(db) ?? new Map<string, Collection>()
    database.set(coll, collection)
    this.#databases.set(db, database)
    return collection
  }

  *collections(): Iterable<Collection> {
    for (const database of this.#databases.values()) yield* database.values()
  }

  /** What a transaction starting now reads until it ends; a collection created later is not in it. */
  snapshot(): CatalogSnapshot {
    const snapshot = new Map<string, CollectionSnapshot>()
    for (const collection of this.collections()) snapshot.set(namespaceKey(collection.ns), collection.snapshot())
    return snapshot
  }

  /** Removes the collection, logging a `drop` event; undefined when there was none. */
  drop(db: string, coll: string): Collection | undefined {
    const collection = this.get(db, coll)
    if (collection === undefined) return undefined
    this.#databases.get(db)?.delete(coll)
    this.#changes.append({ ns: collection.ns, operationType: "drop" })
    return collection
  }

  dropDatabase(db: string): void {
    // Deleting the entry being visited is safe while iterating a Map.
    for (const coll of this.#databases.get(db)?.keys() ?? []) this.drop(db, coll)
    this.#databases.delete(db)
  }
}
