import { HttpServer, SessionManager } from "@verity/api/server"
import { Users } from "@verity/store"
import { apiClient } from "@verity/test-api"
import { Effect, Option } from "effect"
import type { BenchOptions } from "../options.ts"
import { count, fixed, ms } from "../report/format.ts"
import { progress } from "../report/progress.ts"
import type { Table } from "../report/table.ts"
import type { LoadResult } from "../http/loadGenerator.ts"
import { runLoad } from "../http/runLoad.ts"
import { makeServerRuntime } from "../support/appRuntime.ts"
import { makeDiskBenchDir } from "./diskDir.ts"
import { type LoopDelay, watchEventLoopDelay } from "./eventLoopDelay.ts"
import { type PacedOutcome, pacedWrites } from "./pacedWrites.ts"

export const loopDelayTargetMs = 5

type Phase = {
  readonly label: string
  readonly delay: LoopDelay
  readonly whoami: LoadResult | undefined
  readonly writes: PacedOutcome | undefined
}

/**
 * Whether the event loop waits on the disk: the real server on a real disk folder, its event-loop
 * delay watched while whoami is under load, with and without sign-ins committing at a steady rate
 * (SessionManager.open: the session's row written and acknowledged, as a sign-in does).
 */
export type WritesHeadline = {
  /** Loop delay p99 while the writes run alone, and beside the steady whoami load. */
  readonly writesOnlyP99Ms: number
  readonly withWhoamiP99Ms: number
  /** whoami p99 without and with the writes. */
  readonly whoamiAloneP99Ms: number
  readonly whoamiWithWritesP99Ms: number
}

export const writeBurstSection = async (options: BenchOptions): Promise<{ table: Table; headline: WritesHeadline }> => {
  const settings = options.writes
  const dir = await makeDiskBenchDir("writes")
  const runtime = makeServerRuntime(dir.path)
  try {
    progress(`Writes on disk: the API with its data folder in ${dir.path}`)
    const url = await runtime.runPromise(HttpServer.use((server) => Effect.succeed(server.url)))
    const email = "writes@bench.test"
    const signedUp = await apiClient(url).auth.signUp.mutate({
      email,
      password: "bench writes 2026 on a disk",
      transport: "token"
    })
    const token = signedUp.sessionToken!
    const user = await runtime.runPromise(Users.use((users) => Effect.map(users.findByEmail(email), Option.getOrThrow)))
    const signIn = () =>
      runtime.runPromise(SessionManager.use((manager) => manager.open(user, { userAgent: "verity-bench", ip: null })))
    const load = (seconds: number) =>
      runLoad({
        url: `${url}/trpc/session.whoami`,
        headers: { authorization: `Bearer ${token}` },
        connections: options.http.connections,
        pipelining: 1,
        warmupSeconds: 0,
        durationSeconds: seconds,
        overallRate: settings.whoamiPerSecond
      })

    const phase = async (label: string, withLoad: boolean, withWrites: boolean): Promise<Phase> => {
      progress(`Writes on disk: ${label}, ${settings.seconds} s`)
      // A full GC first: the earlier sections' garbage (100,000 sessions) must not be collected here.
      globalThis.gc?.()
      const watch = watchEventLoopDelay()
      const [whoami, writes] = await Promise.all([
        withLoad ? load(settings.seconds) : undefined,
        withWrites ? pacedWrites(signIn, settings.perSecond, settings.seconds) : undefined
      ])
      return { label, delay: watch.stop(), whoami, writes }
    }
    await load(1) // warm-up
    const phases = [
      await phase(`${settings.whoamiPerSecond} whoami/s, no writes`, true, false),
      await phase(`${settings.perSecond} sign-ins/s, no other load`, false, true),
      await phase(`${settings.whoamiPerSecond} whoami/s + ${settings.perSecond} sign-ins/s`, true, true)
    ]
    const [whoamiOnly, writesOnly, both] = phases as [Phase, Phase, Phase]
    const headline: WritesHeadline = {
      writesOnlyP99Ms: writesOnly.delay.p99Ms,
      withWhoamiP99Ms: both.delay.p99Ms,
      whoamiAloneP99Ms: whoamiOnly.whoami!.latencyP99Ms,
      whoamiWithWritesP99Ms: both.whoami!.latencyP99Ms
    }
    const table: Table = {
      title: "The event loop during writes, on a real disk",
      columns: [
        "phase",
        "loop delay p50",
        "loop delay p99",
        "loop delay max",
        "writes/s",
        "write p50",
        "write p99",
        "whoami req/s",
        "whoami p99"
      ],
      rows: phases.map(({ label, delay, whoami, writes }) => [
        label,
        ms(delay.p50Ms),
        ms(delay.p99Ms),
        ms(delay.maxMs),
        writes === undefined ? "" : fixed(writes.perSecond, 0),
        writes === undefined ? "" : ms(writes.latencyP50Ms),
        writes === undefined ? "" : ms(writes.latencyP99Ms),
        whoami === undefined ? "" : count(whoami.requestsPerSecond),
        whoami === undefined ? "" : ms(whoami.latencyP99Ms)
      ]),
      notes: [
        `The real server (HTTP, embedded store) with DATA_DIR on ${dir.path} (a real disk: every durable commit is an fsync). Loop delay: perf_hooks monitorEventLoopDelay at 1 ms resolution over the phase (how late a 1 ms timer fired; the idle machine's own jitter is in it). Target: p99 ≤ ${loopDelayTargetMs} ms at ${settings.perSecond} writes/s.`,
        `A write: SessionManager.open (a sign-in's session row, committed and acknowledged, then its live actor), issued at a steady ${settings.perSecond}/s without waiting for the previous one; write p50/p99 from asking to acknowledgement. whoami: a steady ${settings.whoamiPerSecond} req/s (node:http, at most ${options.http.connections} kept-alive connections) from a separate process, below saturation, so its p99 and the loop delay show waiting, not a full queue.`
      ]
    }
    return { table, headline }
  } finally {
    await runtime.dispose()
    await dir.remove()
  }
}
