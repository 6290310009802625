import { NodeRuntime } from "@effect/platform-node"
import { AppConfig, AppLayer, HttpServer } from "@verity/api/server"
import { Cause, ConfigProvider, Exit, Layer, Runtime } from "effect"
import { fileURLToPath } from "node:url"

// The host's own knowledge, as fallbacks under the environment: where this repository's built
// web app and inspector live (`npm start` builds them there).
const HostDefaults = ConfigProvider.layerAdd(
  ConfigProvider.fromUnknown({
    WEB_DIST_DIR: fileURLToPath(new URL("../../web/dist", import.meta.url)),
    INSPECTOR_DIST_DIR: fileURLToPath(new URL("../../inspector/dist", import.meta.url))
  })
)

// SIGINT / SIGTERM interrupt the program: the server stops accepting, finishes in-flight
// requests, the outbox is flushed, and the store is closed, in that order.
const Main = HttpServer.layer.pipe(
  Layer.provide(AppLayer),
  Layer.provideMerge(AppConfig.layer),
  Layer.provide(HostDefaults)
)

NodeRuntime.runMain(Layer.launch(Main), {
  // A shutdown that was asked for and completed is a success for process managers.
  teardown: (exit, onExit) =>
    Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)
})
