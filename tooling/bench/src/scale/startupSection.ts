import { HttpServer } from "@verity/api/server"
import { Effect } from "effect"
import type { BenchOptions } from "../options.ts"
import { count, ms, ratio } from "../report/format.ts"
import { progress } from "../report/progress.ts"
import type { Table } from "../report/table.ts"
import { makeBenchDir } from "../support/benchDir.ts"
import { makeServerRuntime } from "../support/appRuntime.ts"
import { writeStoredSessions } from "../support/storedSessions.ts"

type StartUp = { readonly stored: number; readonly listeningMs: number; readonly firstAnswerMs: number }

/** A server restarted on a data folder holding `users` × 10 sessions: time to listen, and to its first whoami. */
const startUpWith = async (users: number): Promise<StartUp> => {
  const dir = await makeBenchDir("startup")
  try {
    const writer = makeServerRuntime(dir.path)
    const stored = await writer.runPromise(writeStoredSessions(users, 10))
    await writer.dispose()
    progress(`Start-up: ${count(stored.length)} sessions in the store, restarting`)
    const startedAt = performance.now()
    const runtime = makeServerRuntime(dir.path)
    try {
      const url = await runtime.runPromise(HttpServer.use((server) => Effect.succeed(server.url)))
      const listeningMs = performance.now() - startedAt
      const answer = await fetch(`${url}/trpc/session.whoami`, {
        headers: { authorization: `Bearer ${stored[Math.floor(stored.length / 2)]!.token}` }
      })
      if (answer.status !== 200) throw new Error(`The first whoami after start-up answered ${answer.status}`)
      await answer.arrayBuffer()
      return { stored: stored.length, listeningMs, firstAnswerMs: performance.now() - startedAt }
    } finally {
      await runtime.dispose()
    }
  } finally {
    await dir.remove()
  }
}

/**
 * Sessions are made live lazily, by their next request: a restart reads none of them, so its time
 * to the first answer must not grow with how many the store holds.
 */
export const startupSection = async (options: BenchOptions): Promise<{ table: Table; ratio: number }> => {
  const small = await startUpWith(1)
  const large = await startUpWith(options.startup.sessions / 10)
  const table: Table = {
    title: "Start-up after a restart",
    columns: ["sessions in the store", "listening", "first whoami answered", "vs 10 sessions"],
    rows: [small, large].map((each) => [
      count(each.stored),
      ms(each.listeningMs),
      ms(each.firstAnswerMs),
      each === small ? "1.00×" : ratio(each.firstAnswerMs, small.firstAnswerMs)
    ]),
    notes: [
      "The real server (HTTP, embedded store) started on a data folder already holding the sessions (written straight into the store, none live), timed from building its runtime to listening, and to the answer of its first whoami (a session rebuilt from the store on that request). Near 1× means start-up does not read the sessions."
    ]
  }
  return { table, ratio: large.firstAnswerMs / small.firstAnswerMs }
}
