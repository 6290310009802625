import { open, type FileHandle } from "node:fs/promises"
import type { DatabaseSync } from "node:sqlite"
import { Context, Effect } from "effect"
import { StoreError } from "../StoreError.ts"

/**
 * How the write-ahead log is made durable: `fdatasync` on libuv's thread pool, so the event loop
 * never waits for the disk. A Reference so that a test can hold or fail it (to see that no write
 * is acknowledged before it, or after it failed); nothing else replaces it.
 */
export type WalSync = (wal: FileHandle) => Promise<void>

export const WalSync = Context.Reference<WalSync>("@verity/store/embedded/WalSync", {
  defaultValue: () => (wal) => wal.datasync()
})

/** Commits made durable together, off the event loop (see `makeDurableCommits`). */
export type DurableCommits = {
  /**
   * Called with the connection's permit held and no transaction open, after an operation or a
   * transaction ended: notes whether it committed a change, and answers the number of the last
   * commit so far, for `durableUpTo`. Synchronous: no other statement may run in between.
   */
  noteCommits(): number
  /**
   * Waits (with the permit let go) until every commit up to `upTo` is on disk. No store answer,
   * a read included, is given before what it may have seen is durable; on a quiet store this
   * waits for nothing.
   */
  durableUpTo(upTo: number): Effect.Effect<void, StoreError>
  /** Waits for the sync in flight, then lets go of the log's file handle. */
  readonly close: Effect.Effect<void>
}

type Waiter = { readonly upTo: number; readonly resume: (effect: Effect.Effect<void, StoreError>) => void }

/**
 * Group commit. SQLite runs with `synchronous = NORMAL` (database.ts): a commit appends to the
 * WAL with a write(2) and returns without an fsync, which with FULL blocked every request of the
 * process for the disk's flush time on every commit. Durability comes back here: the commit's
 * caller waits for an fdatasync of the WAL file (on the thread pool), and every commit that lands
 * while one sync is running shares the next one, so a burst of writes costs a few syncs, not one
 * each. Checkpoints copy WAL frames into the database only after syncing the WAL, and SQLite's
 * NORMAL still syncs the database at each checkpoint, so what was synced here stays durable.
 */
export const makeDurableCommits = (db: DatabaseSync, walPath: string | undefined, sync: WalSync): DurableCommits => {
  if (walPath === undefined) return { noteCommits: () => 0, durableUpTo: () => Effect.void, close: Effect.void }
  const changesSoFar = db.prepare("SELECT total_changes() AS changes")
  const readChanges = () => changesSoFar.get()!["changes"] as number
  let changesSeen = readChanges()
  // Counts commits that changed something, and how many of them are known to be on disk.
  let committed = 0
  let synced = 0
  let syncing: Promise<void> | undefined
  let wal: Promise<FileHandle> | undefined
  const waiters: Array<Waiter> = []

  const syncNext = (): void => {
    if (syncing !== undefined || waiters.length === 0) return
    const upTo = committed
    // The log exists from the first commit on; it is only ever reset in place, never replaced,
    // while this connection is open.
    wal ??= open(walPath, "r+")
    syncing = wal
      .then(sync)
      .then(
        () => {
          synced = Math.max(synced, upTo)
          release((waiter) => waiter.upTo <= synced, Effect.void)
        },
        (cause: unknown) => {
          // Those commits may be lost on a power cut: none of them is acknowledged as durable.
          release((waiter) => waiter.upTo <= upTo, Effect.fail(new StoreError({ operation: "walSync", cause })))
        }
      )
      .finally(() => {
        syncing = undefined
        syncNext()
      })
  }

  const release = (done: (waiter: Waiter) => boolean, outcome: Effect.Effect<void, StoreError>) => {
    // Taken out first: a resumed fiber may at once add a waiter, or remove its own.
    const ready = waiters.filter(done)
    if (ready.length === 0) return
    const left = waiters.filter((waiter) => !done(waiter))
    waiters.length = 0
    waiters.push(...left)
    for (const waiter of ready) waiter.resume(outcome)
  }

  const noteCommits = () => {
    const changes = readChanges()
    if (changes !== changesSeen) {
      changesSeen = changes
      committed++
    }
    return committed
  }

  const durableUpTo = (upTo: number) =>
    Effect.suspend(() =>
      synced >= upTo
        ? Effect.void
        : Effect.callback<void, StoreError>((resume) => {
            const waiter = { upTo, resume }
            waiters.push(waiter)
            syncNext()
            // An interrupted caller stops waiting; the sync itself goes on for the others.
            return Effect.sync(() => {
              const index = waiters.indexOf(waiter)
              if (index >= 0) waiters.splice(index, 1)
            })
          })
    )

  const close = Effect.promise(async () => {
    await syncing
    await (await wal)?.close()
  })

  return { noteCommits, durableUpTo, close }
}
