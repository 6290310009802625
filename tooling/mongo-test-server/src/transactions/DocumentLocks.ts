import type { Document } from "bson"
import type { Namespace } from "../ChangeLog.ts"
import { namespaceKey } from "../Catalog.ts"
import type { CollectionIndex } from "../CollectionIndex.ts"
import { CommandError } from "../CommandError.ts"

/** An open transaction, as far as the locks it holds are concerned. */
export interface LockHolder {
  /** Settles once the transaction has committed or aborted, which releases its locks. */
  readonly ended: Promise<void>
}

// The separator cannot appear in a namespace or an index name, so keys of different indexes never meet.
const separator = "\u0000"

/**
 * The lock keys a write needs: the key of every unique index (`_id_` included) for each of the
 * versions it touches, the old one (which it frees) and the new one (which it takes).
 */
export const lockKeysOf = (
  ns: Namespace,
  indexes: ReadonlyArray<CollectionIndex>,
  versions: ReadonlyArray<Document | undefined>
): Array<string> => {
  const keys = new Set<string>()
  for (const index of indexes) {
    if (!index.unique) continue
    for (const version of versions) {
      const key = version === undefined ? undefined : index.keyOf(version)
      if (key !== undefined) keys.add([namespaceKey(ns), index.name, key].join(separator))
    }
  }
  return [...keys]
}

/**
 * Which open transaction has written each document and each unique index key, until it commits
 * or aborts: MongoDB's document locks, as far as a writer can notice them. Another transaction
 * writing the same document or key gets WriteConflict; a write outside a transaction waits for
 * the holder to end, as on MongoDB. Reads take no locks. A key names the collection, the index and
 * the key's value, so two transactions inserting different documents with one unique email meet
 * here too, as they do in MongoDB's unique index.
 */
export class DocumentLocks {
  readonly #holders = new Map<string, LockHolder>()
  readonly #keysOf = new Map<LockHolder, Set<string>>()

  /** The first holder of one of `keys` other than `except`. */
  holderOf(keys: ReadonlyArray<string>, except?: LockHolder): LockHolder | undefined {
    for (const key of keys) {
      const holder = this.#holders.get(key)
      if (holder !== undefined && holder !== except) return holder
    }
    return undefined
  }

  acquire(keys: ReadonlyArray<string>, holder: LockHolder): void {
    const held = this.#keysOf.get(holder) ?? new Set<string>()
    for (const key of keys) {
      this.#holders.set(key, holder)
      held.add(key)
    }
    this.#keysOf.set(holder, held)
  }

  releaseAll(holder: LockHolder): void {
    for (const key of this.#keysOf.get(holder) ?? []) this.#holders.delete(key)
    this.#keysOf.delete(holder)
  }

  /** The holders of locks in a collection, or in every collection of a database when `coll` is left out. */
  holdersIn(db: string, coll?: string): Set<LockHolder> {
    const prefix = coll === undefined ? `${db}.` : `${namespaceKey({ db, coll })}${separator}`
    const holders = new Set<LockHolder>()
    for (const [key, holder] of this.#holders) if (key.startsWith(prefix)) holders.add(holder)
    return holders
  }
}

/**
 * Waits until every holder has ended; past `deadline` (a command's `maxTimeMS`) fails with
 * MaxTimeMSExpired, as a MongoDB operation waiting for a lock does.
 */
export const waitUntilEnded = async (holders: Iterable<LockHolder>, deadline: number | undefined): Promise<void> => {
  const ended = Promise.all([...holders].map((holder) => holder.ended))
  if (deadline === undefined) {
    await ended
    return
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new CommandError("MaxTimeMSExpired", "operation exceeded time limit")),
      Math.max(0, deadline - Date.now())
    )
  })
  try {
    await Promise.race([ended, expired])
  } finally {
    clearTimeout(timer)
  }
}
