import type { ChangeLog } from "./ChangeLog.ts"
import { Collection } from "./Collection.ts"
import { CommandError } from "./CommandError.ts"

/** The databases and their collections; like MongoDB, writes create them on first use. */
export class Catalog {
  readonly #changes: ChangeLog
  readonly #databases = new Map<string, Map<string, Collection>>()

  constructor(changes: ChangeLog) {
    this.#changes = changes
  }

  get(db: string, coll: string): Collection | undefined {
    return this.#databases.get(db)?.get(coll)
  }

  getOrCreate(db: string, coll: string): Collection {
    const existing = this.get(db, coll)
    if (existing !== undefined) return existing
    if (coll === "" || coll.includes("$") || coll.startsWith("system.")) {
      throw new CommandError("InvalidNamespace", `Invalid collection name: ${db}.${coll}`)
    }
    const collection = new Collection({ db, coll }, this.#changes)
    const database = this.#databases.get(db) ?? new Map<string, Collection>()
    database.set(coll, collection)
    this.#databases.set(db, database)
    return collection
  }

  *collections(): Iterable<Collection> {
    for (const database of this.#databases.values()) yield* database.values()
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
