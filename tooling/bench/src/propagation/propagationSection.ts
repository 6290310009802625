import { LiveSessions, SessionManager } from "@verity/api/server"
import { UserWrites } from "@verity/store"
import { Effect, Option } from "effect"
import { count, ms } from "../report/format.ts"
import { progress } from "../report/progress.ts"
import { summarize } from "../report/stats.ts"
import type { Table } from "../report/table.ts"
import { makeAppRuntime } from "../support/appRuntime.ts"
import { makeBenchDir } from "../support/benchDir.ts"
import { startMongoTestServerProcess } from "../support/mongoTestServerProcess.ts"

type Target = { readonly label: string; readonly uri: string; close(): Promise<void> }

/** A fresh database on the target for this run, named in the URI's path. */
const withDatabase = (uri: string) => {
  const url = new URL(uri)
  url.pathname = `/verity_bench_${Date.now()}`
  return url.toString()
}

/**
 * Two API instances (A and B, each the full set of services, in this process) on one MongoDB. A
 * commits a user change; the time is taken until B's live session actor holds that version,
 * i.e. the store's change stream plus B's dispatch. Events are sent one after another.
 */
const measure = async (target: Target, events: number, warmup: number, trail: "on" | "off") => {
  const uri = withDatabase(target.uri)
  const dirA = await makeBenchDir("propagation-a")
  const dirB = await makeBenchDir("propagation-b")
  const instanceA = makeAppRuntime(dirA.path, { MONGODB_URI: uri, SESSION_TRAIL: trail })
  const instanceB = makeAppRuntime(dirB.path, { MONGODB_URI: uri, SESSION_TRAIL: trail })
  try {
    const writes = await instanceA.runPromise(UserWrites.use(Effect.succeed))
    const managerB = await instanceB.runPromise(SessionManager.use(Effect.succeed))
    const registryB = await instanceB.runPromise(LiveSessions.use(Effect.succeed))
    const user = await Effect.runPromise(
      writes.create({
        id: crypto.randomUUID(),
        email: `propagation-${Date.now()}@bench.test`,
        emailConfirmed: false,
        status: "active",
        passwordHash: "not-used",
        createdFrom: null,
        createdAt: new Date().toISOString()
      })
    )
    const { session } = await instanceB.runPromise(managerB.open(user, { userAgent: null, ip: null }))

    let waiting: { version: number; resolve: () => void } | undefined
    const unsubscribe = registryB.watch(session.sessionId, (snapshot) => {
      if (waiting !== undefined && snapshot.context.userVersion >= waiting.version) waiting.resolve()
    })
    const samples: Array<number> = []
    try {
      for (let index = 0; index < warmup + events; index++) {
        const started = performance.now()
        const reached = new Promise<void>((resolve) => (waiting = { version: 0, resolve }))
        const updated = Option.getOrThrow(
          await Effect.runPromise(
            writes.update(
              user.id,
              { emailConfirmed: index % 2 === 0 },
              { stamp: { cause: "externalWrite", at: new Date().toISOString() } }
            )
          )
        )
        waiting!.version = updated.version
        if (session.snapshot.context.userVersion >= updated.version) waiting!.resolve()
        await reached
        if (index >= warmup) samples.push(performance.now() - started)
      }
    } finally {
      unsubscribe()
    }
    return summarize(samples)
  } finally {
    await Promise.all([instanceA.dispose(), instanceB.dispose()])
    await Promise.all([dirA.remove(), dirB.remove()])
  }
}

export const propagationSection = async (options: {
  readonly quick: boolean
}): Promise<{ table: Table; testDoubleP99Ms: { readonly trailOff: number; readonly trailOn: number } }> => {
  const events = options.quick ? 100 : 1_000
  const testDouble = await startMongoTestServerProcess()
  const targets: Array<Target> = [
    { label: "MongoDB test double (tooling/mongo-test-server)", uri: testDouble.uri, close: () => testDouble.close() }
  ]
  const realUri = process.env["MONGODB_TEST_URI"]
  if (realUri !== undefined && realUri !== "")
    targets.push({ label: "real MongoDB (MONGODB_TEST_URI)", uri: realUri, close: async () => {} })
  else
    progress(
      "Cross-instance propagation: MONGODB_TEST_URI is unset, so only the test double is measured (its timing says nothing about a real MongoDB)."
    )

  const rows: Array<Array<string>> = []
  const testDoubleP99Ms = { trailOff: Number.NaN, trailOn: Number.NaN }
  try {
    for (const target of targets) {
      // The trail off first (the path the change itself takes), then the default, which also
      // records each dispatch and step in the store.
      for (const trail of ["off", "on"] as const) {
        progress(
          `Cross-instance propagation on the ${target.label}, session trail ${trail}: ${count(events)} changes, A → B…`
        )
        globalThis.gc?.()
        const summary = await measure(target, events, Math.min(50, events / 5), trail)
        rows.push([target.label, trail, count(summary.count), ms(summary.p50), ms(summary.p99), ms(summary.max)])
        if (target === targets[0]) testDoubleP99Ms[trail === "off" ? "trailOff" : "trailOn"] = summary.p99
      }
    }
  } finally {
    await testDouble.close()
  }
  const table: Table = {
    title: "Cross-instance propagation (a change committed on A until B's live actor holds it)",
    columns: ["MongoDB", "session trail", "changes", "p50", "p99", "max"],
    rows,
    notes: [
      "Two API instances in this process, each with its own SessionManager, on one MongoDB; B holds a live session of the user. Session trail off: only the change's own path (A's write in a transaction, the change stream, B's dispatch); on (the default): both instances also record the step and the dispatch in the store's trail, whose writes and garbage share the same process.",
      "The test double runs in a process of its own (as a MongoDB would) and answers change-stream getMores as soon as an event exists: its timing describes this code path, not a real MongoDB (majority commit, oplog, network).",
      realUri === undefined || realUri === ""
        ? "Set MONGODB_TEST_URI (a replica set) to measure a real MongoDB in the same run."
        : "The real MongoDB row is measured from this machine to MONGODB_TEST_URI."
    ]
  }
  return { table, testDoubleP99Ms }
}
