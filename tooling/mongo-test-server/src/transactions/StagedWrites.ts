import type { Document } from "bson"
import { type Catalog, checkCollectionName, namespaceKey } from "../Catalog.ts"
import type { Namespace } from "../ChangeLog.ts"
import { idIndex } from "../CollectionIndex.ts"
import { CommandError } from "../CommandError.ts"
import type { DocumentWriter } from "../DocumentAccess.ts"
import { idKeyOf, sameValue } from "../documents.ts"
import { lockKeysOf } from "./DocumentLocks.ts"

/** A write about to be staged: the version it replaces (none for an insert) and the new one (none for a delete). */
export type IntendedWrite = {
  readonly ns: Namespace
  readonly before: Document | undefined
  readonly after: Document | undefined
  /** The `idKeyOf` the document has in both versions (`_id` is immutable). */
  readonly key: string
  /** The locks it needs (see DocumentLocks). */
  readonly lockKeys: ReadonlyArray<string>
}

/** Who may write what, and when: a transaction's conflict rules, or a lone write's waiting. */
export interface WriteGuard {
  /** Throws if the write may not happen now; called before the write is checked against unique indexes. */
  admit(write: IntendedWrite): void
  /** Called once the write is staged. */
  staged(write: IntendedWrite): void
}

type StagedWrite =
  | { readonly kind: "insert"; readonly ns: Namespace; readonly document: Document }
  | {
      readonly kind: "replace"
      readonly ns: Namespace
      readonly key: string
      readonly document: Document
      readonly operationType: "update" | "replace"
    }
  | { readonly kind: "delete"; readonly ns: Namespace; readonly key: string }

/** One collection's staged versions by `idKeyOf`: the new document, or null once deleted. */
type StagedVersions = Map<string, Document | null>

const idIndexOnly = [idIndex()]

/**
 * Writes kept aside over the committed documents until they are applied all at once: a
 * transaction's until it commits, a lone write statement's until it has run to its end.
 *
 * Design: a staged overlay, applied at commit. Reads see `base` (a transaction's snapshot, or the
 * committed documents) with the staged versions in place, so a transaction reads its own writes.
 * Unique indexes are checked at write time against the committed documents with the staged
 * versions in place, so a duplicate is reported by the write that makes it, and the DocumentLocks
 * a guard takes make sure nothing committed later can clash at commit. Applying replays the writes
 * in their order through the collections, so each one logs its own change event, as MongoDB's
 * oplog entry for a transaction lists every operation.
 */
export class StagedWrites implements DocumentWriter {
  readonly #catalog: Catalog
  readonly #base: (ns: Namespace) => ReadonlyArray<Document>
  readonly #guard: WriteGuard
  readonly #versions = new Map<string, StagedVersions>()
  /** Per collection, the keys of inserted documents in insertion order (reads list them after `base`). */
  readonly #inserted = new Map<string, Set<string>>()
  readonly #writes: Array<StagedWrite> = []

  constructor(catalog: Catalog, base: (ns: Namespace) => ReadonlyArray<Document>, guard: WriteGuard) {
    this.#catalog = catalog
    this.#base = base
    this.#guard = guard
  }

  get isEmpty(): boolean {
    return this.#writes.length === 0
  }

  documentsOf(ns: Namespace): ReadonlyArray<Document> {
    const base = this.#base(ns)
    const versions = this.#versions.get(namespaceKey(ns))
    if (versions === undefined) return base
    const documents: Array<Document> = []
    const inBase = new Set<string>()
    for (const document of base) {
      const key = idKeyOf(document)
      inBase.add(key)
      const version = versions.has(key) ? versions.get(key) : document
      if (version !== null && version !== undefined) documents.push(version)
    }
    for (const key of this.#inserted.get(namespaceKey(ns)) ?? []) {
      const version = versions.get(key)
      if (!inBase.has(key) && version !== null && version !== undefined) documents.push(version)
    }
    return documents
  }

  insert(ns: Namespace, document: Document): void {
    if (Array.isArray(document["_id"])) throw new CommandError("BadValue", "can't use an array for _id")
    if (this.#catalog.get(ns.db, ns.coll) === undefined) checkCollectionName(ns)
    const key = idKeyOf(document)
    this.#stage({ ns, before: undefined, after: document, key }, { kind: "insert", ns, document })
    const inserted = this.#inserted.get(namespaceKey(ns)) ?? new Set<string>()
    inserted.add(key)
    this.#inserted.set(namespaceKey(ns), inserted)
  }

  replace(ns: Namespace, before: Document, after: Document, operationType: "update" | "replace"): boolean {
    if (sameValue(before, after)) return false
    const key = idKeyOf(before)
    this.#stage({ ns, before, after, key }, { kind: "replace", ns, key, document: after, operationType })
    return true
  }

  delete(ns: Namespace, document: Document): void {
    const key = idKeyOf(document)
    this.#stage({ ns, before: document, after: undefined, key }, { kind: "delete", ns, key })
  }

  /** Applies every staged write to the committed documents, in the order they were made. */
  applyToCatalog(): void {
    for (const write of this.#writes) {
      if (write.kind === "insert") {
        this.#catalog.getOrCreate(write.ns.db, write.ns.coll).insert(write.document)
        continue
      }
      const collection = this.#catalog.get(write.ns.db, write.ns.coll)
      const current = collection?.findByKey(write.key)
      // The guard's locks kept every other writer off this document since it was staged.
      if (collection === undefined || current === undefined) {
        throw new Error(`A staged document of ${namespaceKey(write.ns)} is gone`)
      }
      if (write.kind === "replace") collection.replace(current, write.document, write.operationType)
      else collection.delete(current)
    }
  }

  #stage(write: Omit<IntendedWrite, "lockKeys">, staged: StagedWrite): void {
    const indexes = this.#catalog.get(write.ns.db, write.ns.coll)?.indexes ?? idIndexOnly
    const intended = { ...write, lockKeys: lockKeysOf(write.ns, indexes, [write.before, write.after]) }
    this.#guard.admit(intended)
    if (write.after !== undefined)
      this.#checkUnique(write.ns, write.after, write.before === undefined ? undefined : write.key)
    const versions = this.#versions.get(namespaceKey(write.ns)) ?? new Map<string, Document | null>()
    versions.set(write.key, write.after ?? null)
    this.#versions.set(namespaceKey(write.ns), versions)
    this.#writes.push(staged)
    this.#guard.staged(intended)
  }

  /**
   * Throws DuplicateKey if another document has one of `document`'s unique keys: a committed one
   * this writer has not replaced or deleted, or one this writer staged. `replacing` is the key of
   * the document `document` is a new version of.
   */
  #checkUnique(ns: Namespace, document: Document, replacing: string | undefined): void {
    const collection = this.#catalog.get(ns.db, ns.coll)
    const versions = this.#versions.get(namespaceKey(ns))
    const isOther = (key: string) => key !== replacing
    for (const index of collection?.indexes ?? idIndexOnly) {
      if (!index.unique) continue
      const key = index.keyOf(document)
      if (key === undefined) continue
      const committed = collection?.holderOfUniqueKey(index, key)
      // A committed document this writer has a version of is judged by that version, below.
      const committedKey = committed === undefined ? undefined : idKeyOf(committed)
      const clashes =
        (committedKey !== undefined && isOther(committedKey) && versions?.has(committedKey) !== true) ||
        [...(versions ?? [])].some(
          ([other, version]) => isOther(other) && version !== null && index.keyOf(version) === key
        )
      if (clashes) throw index.duplicateKey(namespaceKey(ns), document)
    }
  }
}
