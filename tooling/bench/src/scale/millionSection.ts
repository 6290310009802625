import { whoamiOf } from "@verity/api/server"
import { Effect } from "effect"
import { type BenchOptions } from "../options.ts"
import { bytes, count, ms, us } from "../report/format.ts"
import { progress } from "../report/progress.ts"
import { summarize, type Summary } from "../report/stats.ts"
import type { Table } from "../report/table.ts"
import { makeTarget, measure } from "../fanout/fanOutSection.ts"
import { liveHeapBytes } from "../memory/heap.ts"
import { createUser, openBenchApp, openSessions } from "../support/benchApp.ts"

// Sessions per user, as in the fan-out section's other sessions.
const perUser = 10
// Live whoami answers timed one by one, on sessions spread over all of them.
const whoamiSamples = 20_000

export type MillionOutcome = {
  readonly table: Table
  readonly live: number
  readonly heapBytesPerSession: number
  readonly fanOut: Summary
  /** authenticate + whoamiOf on a live session, µs. */
  readonly whoami: Summary
}

/**
 * `npm run bench -- --million`: one process holding 1,000,000 live sessions (100,000 users × 10,
 * opened as sign-in opens them); heap per session, fan-out of a 1,000-session user among them,
 * and a live whoami's cost. Opt-in: opening a million sessions takes minutes and ~1.5 GB of heap.
 */
export const millionSection = async (options: BenchOptions): Promise<MillionOutcome> => {
  const sessions = options.million.sessions
  // The trail recorded, as in production.
  const app = await openBenchApp({ recording: true })
  try {
    const tokens: Array<string> = []
    progress(`Million: opening ${count(sessions)} sessions (${count(sessions / perUser)} users × ${perUser})`)
    for (let index = 0; tokens.length < sessions; index++) {
      const user = await createUser(app, `million-${index}@bench.test`)
      for (const { token } of await openSessions(app, user, perUser)) tokens.push(token)
      if (tokens.length % (sessions / 10) === 0) progress(`Million: … ${count(tokens.length)} live`)
    }
    progress(`Million: fan-out of a user with 1,000 sessions among ${count(tokens.length)}`)
    const target = await makeTarget(app, "million-target@bench.test", 1_000)
    const fanOut = await measure(app, target, options.fanOut)

    progress(`Million: ${count(whoamiSamples)} live whoami answers (authenticate + whoamiOf), one by one`)
    const step = Math.floor(tokens.length / whoamiSamples)
    const whoamiMicros: Array<number> = []
    for (let sample = 0; sample < whoamiSamples; sample++) {
      const token = tokens[sample * step]!
      const started = performance.now()
      whoamiOf(Effect.runSync(app.manager.authenticate(token)).snapshot)
      whoamiMicros.push((performance.now() - started) * 1000)
    }
    const whoami = summarize(whoamiMicros)

    progress("Million: heap (full GC, evict all, full GC)")
    const live = app.registry.size
    const withActors = liveHeapBytes()
    Effect.runSync(app.eviction.evictAll)
    const heapBytesPerSession = (withActors - liveHeapBytes()) / live
    const table: Table = {
      title: `${count(live)} live sessions in one process (--million)`,
      columns: ["live sessions", "heap per session", "fan-out p50", "fan-out p99", "whoami p50", "whoami p99"],
      rows: [[count(live), bytes(heapBytesPerSession), ms(fanOut.p50), ms(fanOut.p99), us(whoami.p50), us(whoami.p99)]],
      notes: [
        `${count(sessions)} sessions opened through SessionManager.open (store write + live actor), plus a user with 1,000 sessions whose changes are timed as in the fan-out section (${options.fanOut.rounds} changes). whoami: SessionManager.authenticate + whoamiOf in this process on ${count(whoamiSamples)} sessions spread over all of them (over HTTP the stack's cost is the whoami table's). Heap as in the memory table (evict all between two full GCs).`
      ]
    }
    return { table, live, heapBytesPerSession, fanOut, whoami }
  } finally {
    await app.close()
  }
}
