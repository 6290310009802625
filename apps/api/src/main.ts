import { NodeRuntime } from "@effect/platform-node"
import { Cause, Exit, Layer, Runtime } from "effect"
import { AppLayer } from "./AppLayer.ts"
import { AppConfig } from "./config/AppConfig.ts"
import { HttpServer } from "./http/HttpServer.ts"

// SIGINT / SIGTERM interrupt the program: the server stops accepting, finishes in-flight
// requests, the outbox is flushed, and the store is closed, in that order.
const Main = HttpServer.layer.pipe(Layer.provide(AppLayer), Layer.provideMerge(AppConfig.layer))

NodeRuntime.runMain(Layer.launch(Main), {
  // A shutdown that was asked for and completed is a success for process managers.
  teardown: (exit, onExit) =>
    Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)
})
