import { LastSeenWrites, LiveSessions, SessionManager } from "@verity/api/server"
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

/**
 * `lastSeenAt` at scale: N live sessions on a real disk, each making one request a minute, so
 * N/60 requests a second each owe the store a lastSeenAt. Event-loop utilisation with the writes
 * batched (LastSeenWrites: one transaction a second) against one transaction per session's write
 * (what each request did before, here on the same store).
 */
export const lastSeenSection = async (
  options: BenchOptions
): Promise<{ table: Table; batched: Phase; perSession: Phase }> => {
  const settings = options.lastSeen
  const dir = await makeDiskBenchDir("last-seen")
  const runtime = makeAppRuntime(dir.path)
  try {
    const users = Math.ceil(settings.sessions / 10)
    progress(`lastSeenAt: writing ${count(settings.sessions)} sessions (${count(users)} users) to ${dir.path}`)
    const stored = await runtime.runPromise(writeStoredSessions(users, 10))
    const { manager, registry, sessions, lastSeen } = await runtime.runPromise(
      Effect.all({
        manager: SessionManager.use(Effect.succeed),
        registry: LiveSessions.use(Effect.succeed),
        sessions: Sessions.use(Effect.succeed),
        lastSeen: LastSeenWrites.use(Effect.succeed)
      })
    )
    progress(`lastSeenAt: making all ${count(stored.length)} live (one request each)`)
    for (const { token } of stored) await Effect.runPromise(manager.authenticate(token))
    await Effect.runPromise(lastSeen.flush)

    const perSecond = (stored.length * requestsPerSessionPerMinute) / 60
    let next = 0
    const phase = async (label: string, afterRequest?: (sessionId: string, lastSeenAt: string) => Promise<unknown>) => {
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
    const perSession = await phase("one transaction per session's write", (id, at) =>
      Effect.runPromise(sessions.touch(id, at))
    )
    const batched = await phase("batched: one transaction a second (LastSeenWrites)")
    const table: Table = {
      title: "lastSeenAt writes at scale, on a real disk",
      columns: ["writes", "live sessions", "requests/s", "event-loop utilisation", "store transactions/s"],
      rows: [perSession, batched].map((each) => [
        each.label,
        count(stored.length),
        fixed(each.requestsPerSecond, 0),
        percent(each.utilisation, 1),
        each === batched ? "≤ 1" : fixed(each.requestsPerSecond, 0)
      ]),
      notes: [
        `${count(stored.length)} sessions written to ${dir.path} (a real disk), all made live, each then making ${requestsPerSessionPerMinute} request a minute (${fixed(perSecond, 0)} SessionManager.authenticate calls a second, spread over ${tickMs} ms ticks, ${settings.seconds} s per row), each owing the store its lastSeenAt. Event-loop utilisation: perf_hooks eventLoopUtilization over the row (the share of time the loop was busy, all of this process's work included).`,
        "One transaction per session: each request's lastSeenAt written as the store's own transaction (the write path before LastSeenWrites, on today's store, whose commits already share log syncs). Batched: the API as it is."
      ]
    }
    return { table, batched, perSession }
  } finally {
    await runtime.dispose()
    await dir.remove()
  }
}
