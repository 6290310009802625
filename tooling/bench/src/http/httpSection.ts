import type { Whoami } from "@verity/domain"
import type { BenchOptions } from "../options.ts"
import { count, ratio, us } from "../report/format.ts"
import { progress } from "../report/progress.ts"
import { percentile, timeMs } from "../report/stats.ts"
import type { Table } from "../report/table.ts"
import { makeBenchDir } from "../support/benchDir.ts"
import { startBareServer } from "./bareServer.ts"
import { type BenchServer, fetchWhoami } from "./BenchServer.ts"
import { startFixedAnswerServer } from "./fixedAnswerServer.ts"
import type { LoadResult } from "./loadGenerator.ts"
import { runLoad } from "./runLoad.ts"
import { startSessionCheckServer } from "./sessionCheckServer.ts"
import { startStoreReadServer } from "./storeReadServer.ts"
import { startVerityServer, verityThroughTrpcAdapter } from "./verityServer.ts"

type Measured = {
  readonly server: BenchServer
  readonly bodyBytes: number
  readonly runs: Array<LoadResult>
  /** Mean µs per in-process answer, one figure per block. */
  readonly answerMicros: Array<number>
}

const median = (values: ReadonlyArray<number>) => percentile(values, 50)

const perSecond = (result: LoadResult) => result.requestsPerSecond

// autocannon records latency in whole milliseconds.
const latency = (value: number) => `${value} ms`

/** Per round, a's figure over b's (measured minutes apart at most), then the median over rounds. */
const medianOf = (a: Measured, b: Measured, figure: (result: LoadResult) => number) =>
  median(a.runs.map((run, round) => figure(run) / figure(b.runs[round]!)))

const medianRatio = (a: Measured, b: Measured, figure: (result: LoadResult) => number) =>
  ratio(medianOf(a, b, figure), 1)

/** A row of a's req/s and latency over b's, in the table's columns, and optionally the in-process answers' ratio. */
const comparisonRow = (label: string, a: Measured, b: Measured, answers = "") => [
  label,
  medianRatio(a, b, perSecond),
  "",
  medianRatio(a, b, (run) => run.latencyP50Ms),
  medianRatio(a, b, (run) => run.latencyP99Ms),
  "",
  "",
  "",
  "",
  answers
]

export type HttpHeadline = {
  readonly vsBare: number
  readonly vsStoreRead: number
  readonly p99Ms: number
  readonly sessionCheckVsBare: number
  readonly sessionCheckP99Ms: number
}

export const httpSection = async (options: BenchOptions): Promise<{ table: Table; headline: HttpHeadline }> => {
  const settings = options.http
  const dir = await makeBenchDir("http")
  const started: Array<BenchServer> = []
  const start = async (server: Promise<BenchServer>) => {
    const running = await server
    started.push(running)
    return running
  }
  try {
    progress('HTTP: starting the Verity API and signing up one user (transport "token")')
    const verity = await startVerityServer(dir.path)
    started.push(verity)
    const verityBody = await fetchWhoami(verity)
    const whoami = (JSON.parse(verityBody) as { result: { data: Whoami } }).result.data
    progress("HTTP: starting node:http, the two stacks answering a constant, and the store-read baseline")
    const servers = [
      await start(startBareServer(verityBody)),
      await start(startFixedAnswerServer("fastify", whoami, verity.token)),
      await start(startFixedAnswerServer("fast path", whoami, verity.token)),
      verity,
      verityThroughTrpcAdapter(verity),
      await start(startStoreReadServer(dir.path, verity.token)),
      await start(startSessionCheckServer(verity.origin, verity.token))
    ]
    const measured: Array<Measured> = []
    for (const server of servers) {
      measured.push({ server, bodyBytes: Buffer.byteLength(await fetchWhoami(server)), runs: [], answerMicros: [] })
    }

    for (let round = 0; round < settings.rounds; round++) {
      const order = round % 2 === 0 ? measured : measured.toReversed()
      for (const entry of order) {
        const warmupSeconds = round === 0 ? settings.warmupSeconds : 0
        progress(
          `HTTP: round ${round + 1}/${settings.rounds}: ${entry.server.label}: ${warmupSeconds > 0 ? `${warmupSeconds} s warm-up, then ` : ""}${settings.durationSeconds} s`
        )
        entry.runs.push(
          await runLoad({ url: entry.server.whoamiUrl, headers: entry.server.headers, ...settings, warmupSeconds })
        )
      }
    }

    progress(
      `HTTP: the same answers without HTTP, ${settings.answerBlocks} blocks of ${count(settings.answerCallsPerBlock)} calls per server`
    )
    for (let block = 0; block < settings.answerBlocks; block++) {
      for (const entry of measured) {
        const answer = entry.server.answer
        if (answer === undefined) continue
        const calls = settings.answerCallsPerBlock
        const elapsedMs = timeMs(() => {
          for (let call = 0; call < calls; call++) answer()
        })
        entry.answerMicros.push((elapsedMs * 1000) / calls)
      }
    }

    const [bare, , fixed, actor, actorThroughAdapter, storeRead, sessionCheck] = measured as [
      Measured,
      Measured,
      Measured,
      Measured,
      Measured,
      Measured,
      Measured
    ]
    const headline: HttpHeadline = {
      vsBare: medianOf(actor, bare, perSecond),
      vsStoreRead: medianOf(actor, storeRead, perSecond),
      p99Ms: median(actor.runs.map((run) => run.latencyP99Ms)),
      sessionCheckVsBare: medianOf(sessionCheck, bare, perSecond),
      sessionCheckP99Ms: median(sessionCheck.runs.map((run) => run.latencyP99Ms))
    }
    const row = (entry: Measured) => {
      const rates = entry.runs.map(perSecond)
      return [
        entry.server.label,
        count(median(rates)),
        `${count(Math.min(...rates))}–${count(Math.max(...rates))}`,
        latency(median(entry.runs.map((run) => run.latencyP50Ms))),
        latency(median(entry.runs.map((run) => run.latencyP99Ms))),
        count(entry.runs.reduce((sum, run) => sum + run.failures, 0)),
        `${entry.bodyBytes} B`,
        medianRatio(entry, bare, perSecond),
        medianRatio(entry, fixed, perSecond),
        entry.answerMicros.length === 0 ? "–" : us(median(entry.answerMicros))
      ]
    }
    const table: Table = {
      title: "whoami over HTTP (keep-alive)",
      columns: [
        "server",
        "req/s",
        "req/s range",
        "p50",
        "p99",
        "failed",
        "body",
        "req/s vs node:http",
        "req/s vs fast path, fixed",
        "answer without HTTP"
      ],
      rows: [
        ...measured.map(row),
        comparisonRow(
          "Verity / store-read baseline",
          actor,
          storeRead,
          ratio(median(actor.answerMicros), median(storeRead.answerMicros))
        ),
        comparisonRow("Verity: fast path / tRPC's adapter", actor, actorThroughAdapter)
      ],
      notes: [
        `autocannon: ${settings.connections} connections, pipelining ${settings.pipelining}; ${settings.rounds} round(s) of ${settings.durationSeconds} s per server, order reversed every other round, ${settings.warmupSeconds} s warm-up before each server's first run. Figures are medians over rounds; ratios are medians of the per-round ratios.`,
        "autocannon runs in a separate node process (its programmatic API), the servers in this one, so they do not share an event loop; on 2 cores they do share the machine.",
        "bare node:http answers Verity's exact whoami bytes with no work and no headers of its own (the machine's ceiling). \"Fastify + tRPC, fixed answer\" is tRPC's Fastify adapter answering a constant (how every other call of the API is answered); \"fast path + tRPC, fixed answer\" is the API's whoami fast path (http/whoamiFastPath.ts, on Node's own server, the API's security headers) calling a tRPC procedure that answers a constant: the ceiling of the stack Verity's whoami now runs on.",
        "Verity: the real API (Node's server with the whoami fast path in front of Fastify, the SessionManager's live actor, the embedded store, the outbox worker), one session signed up with transport \"token\", Authorization: Bearer; `GET /trpc/session.whoami` is answered by the fast path (the same tRPC procedure and context as every other call, before Fastify and tRPC's adapter).",
        "Verity through tRPC's adapter: the same server and session, the same URL plus an ignored query parameter, which the fast path leaves to Fastify and tRPC's own handler (what every whoami cost before the fast path).",
        "other backend: a node:http server checking each request with @verity/client/server's createSessionCheck (one whoami call to the Verity row's server per request, global fetch keep-alive) and answering the whoami: two HTTP hops.",
        "store-read baseline (Lucia, Kratos): the same stack as Verity's whoami (the fast path, its headers, a tRPC procedure, an Effect program), but each request hashes the token and reads the session by token hash and the user by id from a copy of the same SQLite store.",
        "answer without HTTP: the server's own answer computed in this process, no HTTP, no tRPC (Verity: SessionManager.authenticate + whoamiOf; baseline: hash + two store reads + building the answer), mean per call, median of blocks interleaved across servers.",
        "Last rows: Verity over the baseline, and Verity's fast path over the same call through tRPC's adapter (req/s: higher is better; latency: lower is better). autocannon records latency in whole milliseconds."
      ]
    }
    return { table, headline }
  } finally {
    for (const server of started.toReversed()) await server.close()
    await dir.remove()
  }
}
