import { NodeRuntime } from "@effect/platform-node"
import { AppConfig, AppLayer, configurationHelp, failPointsFromConfig, HttpServer } from "@verity/api/server"
import { Cause, ConfigProvider, Console, Effect, Exit, Layer, Logger, Runtime } from "effect"
import { fileURLToPath } from "node:url"

const help = `Verity's API server, started with \`npm start\`.

It reads its configuration from the environment (see also .env.example):

${configurationHelp()}

Durations are written like \`90 seconds\`, \`15 minutes\`, \`7 days\`.
SIGTERM or SIGINT shuts it down gracefully within SHUTDOWN_DRAIN_TIMEOUT, then it exits 0.`

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(help)
  process.exit(0)
}

// The host's own knowledge, as fallbacks under the environment: where this repository's built
// web app and inspector live (`npm start` builds them there).
const HostDefaults = ConfigProvider.layerAdd(
  ConfigProvider.fromUnknown({
    WEB_DIST_DIR: fileURLToPath(new URL("../../web/dist", import.meta.url)),
    INSPECTOR_DIST_DIR: fileURLToPath(new URL("../../inspector/dist", import.meta.url))
  })
)

/** JSON lines for log collectors (the default in production), Effect's readable lines otherwise. */
const Logging = Layer.unwrap(
  AppConfig.use((config) =>
    Effect.succeed(config.logFormat === "json" ? Logger.layer([Logger.consoleJson]) : Layer.empty)
  )
)

// SIGINT / SIGTERM interrupt the program: open streams end, the server stops accepting, in-flight
// requests finish (within SHUTDOWN_DRAIN_TIMEOUT), the outbox is flushed, the store is closed.
const Main = HttpServer.layer.pipe(
  Layer.provide(AppLayer),
  Layer.provide(Layer.mergeAll(failPointsFromConfig, Logging)),
  Layer.provideMerge(AppConfig.layer),
  Layer.provide(HostDefaults)
)

const program = Layer.launch(Main).pipe(
  // One line naming the setting and the fix; the exit code (1) comes with the failure.
  Effect.tapErrorTag("StartupFailure", (failure) => Console.error(`Verity cannot start: ${failure.message}`))
)

NodeRuntime.runMain(program, {
  // A shutdown that was asked for and completed is a success for process managers.
  teardown: (exit, onExit) =>
    Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)
})
