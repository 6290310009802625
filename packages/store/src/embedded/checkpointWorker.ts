// Runs in a worker thread (backgroundCheckpoints.ts): its own connection to the store's file, so
// a checkpoint's copying and its fsyncs hold this thread, never the API's event loop. Node builtins
// only: the worker loads this file by itself, outside whatever bundles the rest.
import { DatabaseSync } from "node:sqlite"
import { parentPort, workerData } from "node:worker_threads"

const port = parentPort!
const db = new DatabaseSync((workerData as { file: string }).file)
// The API's connection may hold the write lock a moment; a checkpoint waits for it rather than fail.
db.exec("PRAGMA busy_timeout = 5000")
// PASSIVE: copies what no reader still needs and never blocks the API's connection; what it cannot
// copy yet is copied by the next one.
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)")

port.on("message", (message: "checkpoint" | "close") => {
  if (message === "close") {
    db.close()
    port.close()
    return
  }
  try {
    const result = checkpoint.get() as { busy: number; log: number; checkpointed: number }
    port.postMessage({ ok: true, logFrames: result.log, checkpointedFrames: result.checkpointed })
  } catch (error) {
    port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) })
  }
})
port.postMessage({ ready: true })
