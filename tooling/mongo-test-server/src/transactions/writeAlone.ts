import type { Catalog } from "../Catalog.ts"
import type { DocumentWriter } from "../DocumentAccess.ts"
import { type DocumentLocks, type LockHolder, waitUntilEnded } from "./DocumentLocks.ts"
import { StagedWrites } from "./StagedWrites.ts"

/** Thrown out of a lone write statement that met a lock; the statement is then run again. */
class LockedByTransaction extends Error {
  readonly holder: LockHolder

  constructor(holder: LockHolder) {
    super("The document is locked by an open transaction")
    this.holder = holder
  }
}

/**
 * Runs one write statement outside any transaction. Its writes are staged and applied together
 * once it has run to its end, so one statement (an `updateMany` too) applies whole or not at all.
 * If it writes a document or unique key an open transaction has written, it is discarded, waits
 * for that transaction to end and runs again from the start, as a MongoDB write blocked by a
 * transaction's lock does. `deadline` (from `maxTimeMS`) bounds the wait.
 */
export const writeAlone = async <Result>(
  services: { readonly catalog: Catalog; readonly locks: DocumentLocks },
  statement: (documents: DocumentWriter) => Result,
  deadline: number | undefined
): Promise<Result> => {
  const { catalog, locks } = services
  for (;;) {
    const staged = new StagedWrites(catalog, (ns) => catalog.documentsOf(ns), {
      admit: (write) => {
        const holder = locks.holderOf(write.lockKeys)
        if (holder !== undefined) throw new LockedByTransaction(holder)
      },
      // A lone statement is applied before anything else runs, so it need not lock what it wrote.
      staged: () => undefined
    })
    try {
      const result = statement(staged)
      staged.applyToCatalog()
      return result
    } catch (error) {
      if (!(error instanceof LockedByTransaction)) throw error
      await waitUntilEnded([error.holder], deadline)
    }
  }
}
