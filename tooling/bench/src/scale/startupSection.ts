import { HttpServer } from "@verity/api/server"
import { Effect } from "effect"
import type { BenchOptions } from "../options.ts"
import { count, ms, ratio } from "../report/format.ts"
import { progress } from "../report/progress.ts"
import { percentile } from "../report/stats.ts"
import type { Table } from "../report/table.ts"
import { type BenchDir, makeBenchDir } from "../support/benchDir.ts"
import { makeServerRuntime } from "../support/appRuntime.ts"
import { type StoredSession, writeStoredSessions } from "../support/storedSessions.ts"

// Each store is restarted this many times, the two stores taking turns, so neither is measured
// only cold (the first start of a process also loads and compiles the API's code).
const restartsPerStore = 3

type Store = { readonly dir: BenchDir; readonly stored: ReadonlyArray<StoredSession> }
type StartUp = { readonly listeningMs: number; readonly firstAnswerMs: number }

/** A data folder holding `users` × 10 sessions, written straight into the store (none live). */
const storeWith = async (users: number): Promise<Store> => {
  const dir = await makeBenchDir("startup")
  const writer = makeServerRuntime(dir.path)
  try {
    return { dir, stored: await writer.runPromise(writeStoredSessions(users, 10)) }
  } finally {
    await writer.dispose()
  }
}

/** The server started on the store: time to listen, and to the answer of its first whoami (another session each time). */
const restart = async (store: Store, round: number): Promise<StartUp> => {
  const session = store.stored[Math.floor(((round + 0.5) * store.stored.length) / restartsPerStore)]!
  const startedAt = performance.now()
  const runtime = makeServerRuntime(store.dir.path)
  try {
    const url = await runtime.runPromise(HttpServer.use((server) => Effect.succeed(server.url)))
    const listeningMs = performance.now() - startedAt
    const answer = await fetch(`${url}/trpc/session.whoami`, { headers: { authorization: `Bearer ${session.token}` } })
    if (answer.status !== 200) throw new Error(`The first whoami after start-up answered ${answer.status}`)
    await answer.arrayBuffer()
    return { listeningMs, firstAnswerMs: performance.now() - startedAt }
  } finally {
    await runtime.dispose()
  }
}

const median = (values: ReadonlyArray<number>) => percentile(values, 50)

/**
 * Sessions are made live lazily, by their next request: a restart reads none of them, so its time
 * to the first answer must not grow with how many the store holds. 10 sessions against the
 * start-up size (100,000), and with `--million` against a store of 1,000,000 too.
 */
export const startupSection = async (options: BenchOptions): Promise<{ table: Table; ratio: number }> => {
  const sizes = [10, options.startup.sessions, ...(options.million.run ? [options.million.sessions] : [])]
  progress(`Start-up: writing ${sizes.map(count).join(", ")} sessions into ${sizes.length} stores`)
  const stores: Array<Store> = []
  try {
    for (const size of sizes) stores.push(await storeWith(size / 10))
    const runs = stores.map(() => [] as Array<StartUp>)
    for (let round = 0; round < restartsPerStore; round++) {
      progress(`Start-up: restart ${round + 1}/${restartsPerStore} of each store`)
      const order = stores.map((_, index) => index)
      for (const index of round % 2 === 0 ? order : order.toReversed()) {
        runs[index]!.push(await restart(stores[index]!, round))
      }
    }
    const firstAnswer = runs.map((each) => median(each.map((run) => run.firstAnswerMs)))
    const table: Table = {
      title: "Start-up after a restart",
      columns: ["sessions in the store", "listening", "first whoami answered", "vs 10 sessions"],
      rows: stores.map((store, index) => [
        count(store.stored.length),
        ms(median(runs[index]!.map((run) => run.listeningMs))),
        ms(firstAnswer[index]!),
        ratio(firstAnswer[index]!, firstAnswer[0]!)
      ]),
      notes: [
        `The real server (HTTP, embedded store) started on a data folder already holding the sessions (written straight into the store, none live, 10 per account), timed from building its runtime to listening, and to the answer of its first whoami (a session rebuilt from the store on that request). Each store restarted ${restartsPerStore} times, the stores taking turns (the first start in a process also loads the API's code); medians. Near 1× means start-up does not read the sessions.`
      ]
    }
    return { table, ratio: firstAnswer.at(-1)! / firstAnswer[0]! }
  } finally {
    await Promise.all(stores.map((store) => store.dir.remove()))
  }
}
