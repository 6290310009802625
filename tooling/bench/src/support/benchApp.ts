import { LiveSessions, SessionEviction, SessionManager, SessionTrailRecorder } from "@verity/api/server"
import { type UserRecord, UserWrites } from "@verity/store"
import { Effect } from "effect"
import { makeAppRuntime } from "./appRuntime.ts"
import { type BenchDir, makeBenchDir } from "./benchDir.ts"

export type LiveSession = Effect.Success<ReturnType<SessionManager["Service"]["open"]>>["session"]

export type TrailRecorderStats = Effect.Success<SessionTrailRecorder["Service"]["stats"]>

/** The API's services in this process (no HTTP), with the ones the benchmarks drive directly. */
export type BenchApp = {
  /** Whether this app records the session trail (SESSION_TRAIL), as in production, or not. */
  readonly recording: boolean
  readonly manager: SessionManager["Service"]
  readonly registry: LiveSessions["Service"]
  readonly eviction: SessionEviction["Service"]
  /** The store's user writes, to commit a change untimed before its fan-out is timed. */
  readonly writes: UserWrites["Service"]
  /**
   * Writes what the trail recorder has buffered, as its background fiber would between requests;
   * the benchmarks call it between timed calls, which run synchronously and so never let it run.
   */
  flushTrail(): Promise<void>
  trailStats(): TrailRecorderStats
  /** Stops the services and deletes the data dir; later calls wait for the first. */
  close(): Promise<void>
}

export const openBenchApp = async ({ recording }: { readonly recording: boolean }): Promise<BenchApp> => {
  const dir: BenchDir = await makeBenchDir(recording ? "sessions-recording" : "sessions-not-recording")
  const runtime = makeAppRuntime(dir.path, { SESSION_TRAIL: recording ? "on" : "off" })
  const { manager, registry, eviction, writes, recorder } = await runtime.runPromise(
    Effect.all({
      manager: SessionManager.use(Effect.succeed),
      registry: LiveSessions.use(Effect.succeed),
      eviction: SessionEviction.use(Effect.succeed),
      writes: UserWrites.use(Effect.succeed),
      recorder: SessionTrailRecorder.use(Effect.succeed)
    })
  )
  let closing: Promise<void> | undefined
  return {
    recording,
    manager,
    registry,
    eviction,
    writes,
    flushTrail: () => Effect.runPromise(recorder.flush),
    trailStats: () => Effect.runSync(recorder.stats),
    close: () =>
      (closing ??= (async () => {
        await runtime.dispose()
        await dir.remove()
      })())
  }
}

/** A user as sign-up stores it; bench users never sign in by password, so the hash is a stand-in. */
export const createUser = (app: BenchApp, email: string): Promise<UserRecord> =>
  Effect.runPromise(
    app.writes.create({
      id: crypto.randomUUID(),
      email,
      emailConfirmed: false,
      status: "active",
      passwordHash: "bench-user-never-signs-in",
      createdFrom: null,
      createdAt: new Date().toISOString()
    })
  )

const benchClient = { userAgent: "verity-bench", ip: "127.0.0.1" }

// Sign-ins in flight at once: their commits share log syncs, as concurrent requests' do.
const concurrentOpens = 100

/** Signs the user in `count` times the way the API does (store write + live actor). */
export const openSessions = async (app: BenchApp, user: UserRecord, count: number) => {
  const opened: Array<Effect.Success<ReturnType<SessionManager["Service"]["open"]>>> = []
  for (let start = 0; start < count; start += concurrentOpens) {
    const batch = Math.min(concurrentOpens, count - start)
    opened.push(
      ...(await Promise.all(
        Array.from({ length: batch }, () => Effect.runPromise(app.manager.open(user, benchClient)))
      ))
    )
  }
  return opened
}
