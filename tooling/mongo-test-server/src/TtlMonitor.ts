import type { Catalog } from "./Catalog.ts"
import { idIndex } from "./CollectionIndex.ts"
import { valueAtPath } from "./documents.ts"
import { type DocumentLocks, lockKeysOf } from "./transactions/DocumentLocks.ts"

/** MongoDB's TTL monitor runs once a minute, so expired documents linger for up to that long. */
export const defaultTtlMonitorIntervalMs = 60_000

/**
 * Deletes documents whose TTL-indexed date (the earliest, for an array of dates) is more than
 * `expireAfterSeconds` in the past. Documents whose field is missing or not a date stay. Each
 * deletion is an ordinary delete, so change streams report it. A document an open transaction
 * has written is left for a later pass, as MongoDB's monitor skips one it meets a conflict on.
 */
export const removeExpired = (catalog: Catalog, locks: DocumentLocks, now: Date): void => {
  const idOnly = [idIndex()]
  for (const collection of catalog.collections()) {
    for (const index of collection.indexes) {
      // A TTL index has a single field (creating a compound one fails).
      const [field] = Object.keys(index.spec.key)
      const seconds = index.spec.expireAfterSeconds
      if (seconds === undefined || field === undefined) continue
      // A deletion replaces the collection's array, so this goes on over the one it started with.
      for (const document of collection.documents) {
        const value = valueAtPath(document, field)
        const times = (Array.isArray(value) ? value : [value]).flatMap((item) =>
          item instanceof Date ? [item.getTime()] : []
        )
        const expired = times.length > 0 && Math.min(...times) + seconds * 1000 <= now.getTime()
        const locked = locks.holderOf(lockKeysOf(collection.ns, idOnly, [document])) !== undefined
        if (expired && !locked && index.entry(document) !== undefined && collection.documents.includes(document)) {
          collection.delete(document)
        }
      }
    }
  }
}

export const startTtlMonitor = (
  catalog: Catalog,
  locks: DocumentLocks,
  intervalMs: number
): { readonly stop: () => void } => {
  const timer = setInterval(() => removeExpired(catalog, locks, new Date()), intervalMs)
  // A test that forgets to close the server should not keep the process alive for it.
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
