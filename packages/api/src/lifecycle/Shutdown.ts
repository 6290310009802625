import { Clock, Context, Duration, Effect, Latch, Layer } from "effect"
import { AppConfig } from "../config/AppConfig.ts"

/**
 * The server's graceful shutdown, shared by everything that has work to finish when it stops:
 * one drain window (SHUTDOWN_DRAIN_TIMEOUT) for all of it, so the process exits within that
 * window however the time is spent (requests, then the outbox flush), before a process manager
 * loses patience and sends SIGKILL.
 *
 * `begin` is called once the host starts closing (HttpServer's finalizer, the first to run);
 * from then on `draining` is open, which ends every open `session.changes` stream at once.
 */
export class Shutdown extends Context.Service<
  Shutdown,
  {
    /** Opens `draining` and starts the drain window; later calls change nothing. */
    readonly begin: Effect.Effect<void>
    /** Open once shutdown has begun. */
    readonly draining: Latch.Latch
    /** What is left of the drain window (all of it before shutdown begins). */
    readonly remaining: Effect.Effect<Duration.Duration>
  }
>()("@verity/api/lifecycle/Shutdown") {
  static readonly layer = Layer.effect(
    Shutdown,
    Effect.gen(function* () {
      const window = (yield* AppConfig).shutdownDrainTimeout
      const draining = yield* Latch.make(false)
      let deadlineMs: number | undefined
      return Shutdown.of({
        begin: Effect.flatMap(Clock.currentTimeMillis, (nowMs) => {
          deadlineMs ??= nowMs + Duration.toMillis(window)
          return draining.open
        }),
        draining,
        remaining: Effect.map(Clock.currentTimeMillis, (nowMs) =>
          deadlineMs === undefined ? window : Duration.millis(Math.max(0, deadlineMs - nowMs))
        )
      })
    })
  )
}
