import { LastSeenWrites, LiveSessions, SessionManager, SessionTrailRecorder } from "@verity/api/server"
import { Sessions } from "@verity/store"
import { Effect } from "effect"
import { performance } from "node:perf_hooks"
import type { BenchOptions } from "../options.ts"
import { count, fixed, percent } from "../report/format.ts"
import { progress } from "../report/progress.ts"
import type { Table } from "../report/table.ts"
import { makeDiskBenchDir } from "../disk/diskDir.ts"
import { makeAppRuntime } from "../support/appRuntime.ts"
import { writeStoredSessions } from "../support/storedSessions.ts"

// Each session's lastSeenAt is due for the store once a minute.
const requestsPerSessionPerMinute = 1
// Requests are spread over the second in ticks this long.
const tickMs = 10

type Phase = { readonly label: string; readonly utilisation: number; readonly requestsPerSecond: number }
type Trail = "on" | "off"

/**
 * One API on a real disk holding `sessions` live sessions, the session trail on or off; `row`
 * runs one measured row of requests (one a minute per session) and answers its event-loop use.
 */
const withLiveSessions = async <A>(
  options: BenchOptions,
  trail: Trail,
  rows: (
    row: (label: string, afterRequest?: (sessionId: string, lastSeenAt: string) => Promise<unknown>) => Promise<Phase>,
    touch: (sessionId: string, lastSeenAt: string) => Promise<unknown>
  ) => Promise<A>
): Promise<A> => {
  const settings = options.lastSeen
  const dir = await makeDiskBenchDir(`last-seen-trail-${trail}`)
  const runtime = makeAppRuntime(dir.path, { SESSION_TRAIL: trail })
  try {
    const users = Math.ceil(settings.sessions / 10)
    progress(
      `lastSeenAt (session trail ${trail}): writing ${count(settings.sessions)} sessions (${count(users)} users) to ${dir.path}`
    )
    const stored = await runtime.runPromise(writeStoredSessions(users, 10))
    const { manager, registry, sessions, lastSeen } = await runtime.runPromise(
      Effect.all({
        manager: SessionManager.use(Effect.succeed),
        registry: LiveSessions.use(Effect.succeed),
        sessions: Sessions.use(Effect.succeed),
        lastSeen: LastSeenWrites.use(Effect.succeed)
      })
    )
    progress(`lastSeenAt (session trail ${trail}): making all ${count(stored.length)} live (one request each)`)
    for (const { token } of stored) await Effect.runPromise(manager.authenticate(token))

    const perSecond = (stored.length * requestsPerSessionPerMinute) / 60
    let next = 0
    const row = async (label: string, afterRequest?: (sessionId: string, lastSeenAt: string) => Promise<unknown>) => {
      // What is owed from before the row (lastSeenAt notes; the trail's records of the rebuilds
      // above or of the last row's touches) is written first, and the last row's garbage
      // collected, so a row measures only its own work.
      await Effect.runPromise(lastSeen.flush)
      await runtime.runPromise(SessionTrailRecorder.use((recorder) => recorder.flush))
      globalThis.gc?.()
      // Every session's last write is over a minute old: its next request owes one.
      for (const session of registry.all()) session.lastSeenPersistedAt = 0
      progress(`lastSeenAt: ${label}: ${fixed(perSecond, 0)} requests/s for ${settings.seconds} s`)
      const inFlight = new Set<Promise<unknown>>()
      const total = Math.round(perSecond * settings.seconds)
      let done = 0
      const startedAt = performance.now()
      const before = performance.eventLoopUtilization()
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const due = Math.min(total, Math.floor(((performance.now() - startedAt) / 1000) * perSecond))
          for (; done < due; done++) {
            const { token } = stored[next++ % stored.length]!
            const request = Effect.runPromise(manager.authenticate(token)).then((session) =>
              afterRequest?.(session.sessionId, session.snapshot.context.session.lastSeenAt)
            )
            inFlight.add(request)
            void request.finally(() => inFlight.delete(request))
          }
          if (done >= total) {
            clearInterval(timer)
            resolve()
          }
        }, tickMs)
      })
      await Promise.all(inFlight)
      const used = performance.eventLoopUtilization(before)
      return {
        label,
        utilisation: used.utilization,
        requestsPerSecond: total / ((performance.now() - startedAt) / 1000)
      }
    }
    return await rows(row, (id, at) => Effect.runPromise(sessions.touch(id, at)))
  } finally {
    await runtime.dispose()
    await dir.remove()
  }
}

/**
 * `lastSeenAt` at scale: N live sessions on a real disk, each making one request a minute, so
 * N/60 requests a second each owe the store a lastSeenAt. Event-loop utilisation with the writes
 * batched (LastSeenWrites: one transaction a second) against one transaction per session's write
 * (what each request did before, here on the same store), with the session trail off so the rows
 * differ only in those writes; then the default (trail on), whose recorder writes each session's
 * minute touch to the trail in its own batches.
 */
export const lastSeenSection = async (
  options: BenchOptions
): Promise<{ table: Table; batched: Phase; perSession: Phase; batchedWithTrail: Phase }> => {
  const { perSession, batched } = await withLiveSessions(options, "off", async (row, touch) => ({
    perSession: await row("one transaction per session's write (trail off)", touch),
    batched: await row("batched: one transaction a second (trail off)")
  }))
  const batchedWithTrail = await withLiveSessions(options, "on", (row) =>
    row("batched, session trail on (the default)")
  )
  const stored = options.lastSeen.sessions
  const table: Table = {
    title: "lastSeenAt writes at scale, on a real disk",
    columns: ["writes", "live sessions", "requests/s", "event-loop utilisation", "lastSeenAt transactions/s"],
    rows: [perSession, batched, batchedWithTrail].map((each) => [
      each.label,
      count(stored),
      fixed(each.requestsPerSecond, 0),
      percent(each.utilisation, 1),
      each === perSession ? fixed(each.requestsPerSecond, 0) : "≤ 1"
    ]),
    notes: [
      `${count(stored)} sessions written to a real disk, all made live, each then making ${requestsPerSessionPerMinute} request a minute (${fixed((stored * requestsPerSessionPerMinute) / 60, 0)} SessionManager.authenticate calls a second, spread over ${tickMs} ms ticks, ${options.lastSeen.seconds} s per row), each owing the store its lastSeenAt. Event-loop utilisation: perf_hooks eventLoopUtilization over the row (the share of time the loop was busy, all of this process's work included). Before each row, what earlier work still owed the store is written and the heap collected.`,
      "One transaction per session: each request's lastSeenAt written as the store's own transaction (the write path before LastSeenWrites, on today's store, whose commits already share log syncs). Batched: the API as it is. The first two rows run with SESSION_TRAIL=off, so they differ only in those writes; the last is the default, where the trail's recorder also writes each session's minute touch (in batches of its own, every 200 ms)."
    ]
  }
  return { table, batched, perSession, batchedWithTrail }
}
