import { Clock, ConfigProvider, Effect, Layer, Logger, ManagedRuntime, Option } from "effect"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  AppConfig,
  AppLayer,
  type AppServices,
  FailPoints,
  type FailPointsService,
  HttpServer,
  SessionEviction,
  SessionTrailRecorder
} from "@verity/api/server"
import { type UserFieldPatch, type UserRecord, Users, UserWrites, WalSync } from "@verity/store"
import {
  type AdjustableClock,
  makeAdjustableClock,
  serverLogger,
  type SmtpCatcher,
  startSmtpCatcher,
  testEnv
} from "@verity/testing"
import { type ApiClient, apiClient, type ClientOptions, deviceOf, type TestDevice } from "./clients.ts"

export type TestApi = {
  readonly url: string
  readonly dataDir: string
  readonly clock: AdjustableClock
  /** The server's own services, for arranging what a test needs (e.g. an operator's direct store write). */
  readonly runtime: ManagedRuntime.ManagedRuntime<AppServices | HttpServer, unknown>
  /** A typed client; with a token it acts as that session; `options.from` picks its address. */
  client(token?: string, options?: ClientOptions): ApiClient
  /** A machine of its own (a distinct loopback address unless given) whose cookies are kept. */
  device(address?: string): TestDevice
  evictAllActors(): Promise<number>
  /** Writes the session trail's buffer to the store now (the recorder does it every 200 ms). */
  flushTrail(): Promise<void>
  /**
   * Writes the user straight into the store, as another instance or an operator would, so this
   * instance's live sessions do not hear of it; answers the user as written.
   */
  writeUserBehindTheApi(email: string, patch: UserFieldPatch & { readonly email?: string }): Promise<UserRecord>
  close(): Promise<void>
}

export type TestApiOptions = {
  readonly env?: Record<string, string>
  readonly dataDir?: string
  /** Where the server may be stopped on purpose (e.g. a request held after its authentication). */
  readonly failPoints?: FailPointsService
  /** How the embedded store syncs its log (to hold or fail it); the real fdatasync by default. */
  readonly walSync?: WalSync
}

/** A test server that sends its mail over real SMTP to a catcher the test reads. */
export type TestApiWithMail = TestApi & { readonly mail: SmtpCatcher }

/**
 * The real server with a real SMTP server catching everything it sends (`mail`), closed with it:
 * what a test of any flow that emails a link or a code needs.
 */
export const startTestApiWithMail = async (options: TestApiOptions = {}): Promise<TestApiWithMail> => {
  const mail = await startSmtpCatcher()
  const api = await startTestApi({ ...options, env: { SMTP_URL: mail.url, ...options.env } }).catch(
    async (error: unknown) => {
      await mail.close()
      throw error
    }
  )
  return {
    ...api,
    mail,
    close: async () => {
      await api.close()
      await mail.close()
    }
  }
}

/**
 * The real server (Fastify, tRPC, the embedded store, the outbox worker) in this process, so a
 * test can move its clock. Tests that need a real process (restart, kill -9) use apiProcess.ts.
 */
export const startTestApi = async (options: TestApiOptions = {}): Promise<TestApi> => {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "verity-api-")))
  const clock = makeAdjustableClock()
  const layer = HttpServer.layer.pipe(
    Layer.provideMerge(AppLayer),
    Layer.provideMerge(AppConfig.layer),
    Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(testEnv(dataDir, options.env)))),
    Layer.provideMerge(Layer.succeed(Clock.Clock, clock)),
    Layer.provideMerge(options.failPoints === undefined ? Layer.empty : Layer.succeed(FailPoints, options.failPoints)),
    Layer.provideMerge(options.walSync === undefined ? Layer.empty : Layer.succeed(WalSync, options.walSync)),
    Layer.provideMerge(Logger.layer([serverLogger]))
  )
  const runtime = ManagedRuntime.make(layer)
  const url = await runtime.runPromise(HttpServer.use((server) => Effect.succeed(server.url)))
  return {
    url,
    dataDir,
    clock,
    runtime,
    client: (token, clientOptions) => apiClient(url, token, clientOptions),
    device: (address) => deviceOf(url, address),
    evictAllActors: () => runtime.runPromise(SessionEviction.use((eviction) => eviction.evictAll)),
    flushTrail: () => runtime.runPromise(SessionTrailRecorder.use((recorder) => recorder.flush)),
    writeUserBehindTheApi: (email, { email: newEmail, ...fields }) =>
      runtime.runPromise(
        Effect.gen(function* () {
          const writes = yield* UserWrites
          const stamp = { cause: "externalWrite" as const, at: new Date().toISOString() }
          let user = Option.getOrThrow(yield* (yield* Users).findByEmail(email))
          if (newEmail !== undefined) {
            const moved = { from: user.email, to: newEmail, confirmed: fields.emailConfirmed ?? user.emailConfirmed }
            user = Option.getOrThrow(yield* writes.changeEmail(user.id, moved, stamp))
          }
          return Option.getOrThrow(yield* writes.update(user.id, fields, { stamp }))
        })
      ),
    close: async () => {
      await runtime.dispose()
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true })
    }
  }
}
