import type { DatabaseSync } from "node:sqlite"
import { Worker } from "node:worker_threads"
import { Effect, type Scope } from "effect"

// How often the worker copies the log into the database. The log grows by what is written in
// between (a busy store writes a few MB a second) and is reused from its start after each
// complete checkpoint.
const checkpointIntervalMs = 1_000
// SQLite's own default, put back if the worker cannot run.
const defaultAutoCheckpointPages = 1_000

/** Puts SQLite's own checkpointing back on the connection (the worker could not run). */
const checkpointInCommits = (db: DatabaseSync) => db.exec(`PRAGMA wal_autocheckpoint = ${defaultAutoCheckpointPages}`)

type WorkerMessage =
  | { readonly ready: true }
  | { readonly ok: true; readonly logFrames: number; readonly checkpointedFrames: number }
  | { readonly ok: false; readonly message: string }

/**
 * Checkpoints off the event loop. By default SQLite checkpoints inside the commit that fills the
 * log past 1,000 pages, on the committing thread: with `synchronous = NORMAL` that checkpoint
 * fsyncs the log and the database, and the API's event loop waited for the disk each time
 * (`npm run bench`, lastSeenAt with the session trail on: 100,000 sessions making a request a
 * minute held the loop up to 200 ms, p99 97 ms). Here the API's connection never checkpoints; a
 * worker thread with a connection of its own does, once a second. Durability is unchanged: an
 * answer still waits for its log sync (durableCommits.ts), and SQLite syncs the database before
 * it reuses the log. If the worker cannot start or stops, the connection checkpoints itself again.
 */
export const startBackgroundCheckpoints = (db: DatabaseSync, file: string): Effect.Effect<void, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const worker = new Worker(new URL("./checkpointWorker.ts", import.meta.url), { workerData: { file } })
      // The store's own scope ends the worker; it must not keep the process alive by itself.
      worker.unref()
      let waiting = false
      let timer: ReturnType<typeof setInterval> | undefined
      // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a worker thread's port: there is no origin to name.
      const tell = (message: "checkpoint" | "close") => worker.postMessage(message)
      worker.on("message", (message: WorkerMessage) => {
        if ("ready" in message) {
          db.exec("PRAGMA wal_autocheckpoint = 0")
          timer = setInterval(() => {
            if (waiting) return
            waiting = true
            tell("checkpoint")
          }, checkpointIntervalMs)
          timer.unref()
          return
        }
        // A failed checkpoint (a full disk) is tried again next time; the writes themselves
        // report the disk's state to their callers.
        waiting = false
      })
      worker.on("error", () => {
        clearInterval(timer)
        if (db.isOpen) checkpointInCommits(db)
      })
      return { worker, tell, stop: () => clearInterval(timer) }
    }),
    ({ worker, tell, stop }) =>
      Effect.promise(async () => {
        stop()
        // Held until it has closed its connection; closing the API's connection (right after this)
        // checkpoints what is left, as SQLite does on close.
        worker.ref()
        const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()))
        tell("close")
        const giveUp = setTimeout(() => void worker.terminate(), 2_000)
        await exited
        clearTimeout(giveUp)
      })
  ).pipe(Effect.asVoid)
