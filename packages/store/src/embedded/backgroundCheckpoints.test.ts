import { mkdtemp, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { startBackgroundCheckpoints } from "./backgroundCheckpoints.ts"

// The API's connection must never checkpoint (that fsyncs on the event loop); the worker must,
// or the log would grow without end and the database file would never hold the writes.

const sizeOf = async (file: string) => (await stat(file)).size

describe("background checkpoints", () => {
  it.live("copy the log into the database from a worker while the API's connection never checkpoints", () =>
    Effect.gen(function* () {
      const dir = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "verity-checkpoints-"))),
        (path) => Effect.promise(() => rm(path, { recursive: true, force: true }))
      )
      const file = join(dir, "store.sqlite")
      const db = yield* Effect.acquireRelease(
        Effect.sync(() => {
          const opened = new DatabaseSync(file)
          opened.exec("PRAGMA journal_mode = WAL")
          opened.exec("PRAGMA synchronous = NORMAL")
          opened.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT)")
          return opened
        }),
        (opened) => Effect.sync(() => opened.close())
      )
      yield* startBackgroundCheckpoints(db, file)
      // The worker has said it is ready when the connection stops checkpointing by itself.
      const autoCheckpoint = () => db.prepare("PRAGMA wal_autocheckpoint").get()!["wal_autocheckpoint"]
      while (autoCheckpoint() !== 0) yield* Effect.sleep("10 millis")
      const sizeBefore = yield* Effect.promise(() => sizeOf(file))

      // About 8 MB of log, in commits like the API's: past the 1,000 pages (4 MB) at which the
      // connection would have checkpointed inside a commit.
      const insert = db.prepare("INSERT INTO rows (body) VALUES (?)")
      for (let batch = 0; batch < 40; batch++) {
        db.exec("BEGIN")
        for (let row = 0; row < 50; row++) insert.run("x".repeat(4_000))
        db.exec("COMMIT")
      }
      expect(yield* Effect.promise(() => sizeOf(file))).toBe(sizeBefore)

      // Within a few of the worker's one-second rounds the rows are in the database file itself.
      let sizeAfter = sizeBefore
      for (let waited = 0; waited < 50 && sizeAfter <= sizeBefore + 7_000_000; waited++) {
        yield* Effect.sleep("100 millis")
        sizeAfter = yield* Effect.promise(() => sizeOf(file))
      }
      expect(sizeAfter).toBeGreaterThan(sizeBefore + 7_000_000)
      expect(autoCheckpoint()).toBe(0)
    }).pipe(Effect.scoped)
  )
})
