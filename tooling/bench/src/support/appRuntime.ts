import { AppConfig, AppLayer, HttpServer } from "@verity/api/server"
import { testEnv } from "@verity/testing"
import { ConfigProvider, Layer, Logger, ManagedRuntime } from "effect"

// The same composition as the API's own start-up and as `startTestApi`, minus its adjustable
// clock (benchmarks use real time) and with logging off, so the bench output stays a report.
const configFor = (dataDir: string, env: Record<string, string>) =>
  Layer.mergeAll(ConfigProvider.layer(ConfigProvider.fromEnvRecord(testEnv(dataDir, env))), Logger.layer([]))

/** The API's services (store, SessionManager, accounts, outbox worker) without HTTP. */
export const makeAppRuntime = (dataDir: string, env: Record<string, string> = {}) =>
  ManagedRuntime.make(AppLayer.pipe(Layer.provideMerge(AppConfig.layer), Layer.provideMerge(configFor(dataDir, env))))

/** The real server: Fastify + tRPC + the embedded store + the outbox worker. */
export const makeServerRuntime = (dataDir: string, env: Record<string, string> = {}) =>
  ManagedRuntime.make(
    HttpServer.layer.pipe(
      Layer.provideMerge(AppLayer),
      Layer.provideMerge(AppConfig.layer),
      Layer.provideMerge(configFor(dataDir, env))
    )
  )
