import { Context, Duration, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { FailPointName } from "./failPointSetting.ts"

/**
 * Named places (failPointSetting.ts) where a test can stop the server deterministically: kill
 * it between two writes of a transaction, or hold a request after its authentication. Off
 * unless a test arms one, and then it costs one lookup; AppConfig refuses VERITY_FAIL_POINT
 * outside NODE_ENV=test, so no production server can be made to stop here.
 *
 * A Reference, like the Clock: the default does nothing, the host provides `fromConfig`, and
 * an in-process test provides its own (a latch).
 */
export type FailPointsService = { reach(point: FailPointName): Effect.Effect<void> }

export const FailPoints = Context.Reference<FailPointsService>("@verity/api/faults/FailPoints", {
  defaultValue: () => ({ reach: () => Effect.void })
})

/** The process's own fail point from VERITY_FAIL_POINT (the real-process tests arm it so). */
export const failPointsFromConfig = Layer.effect(
  FailPoints,
  AppConfig.use(({ failPoint }) =>
    Effect.succeed(
      Option.match(failPoint, {
        onNone: () => ({ reach: () => Effect.void }),
        onSome: ({ point, action }) => ({
          reach: (reached: FailPointName) => {
            if (reached !== point) return Effect.void
            switch (action._tag) {
              case "crash":
                // SIGKILL, not exit: no finalizer, no flush, no rollback; what a power cut leaves.
                return Effect.andThen(
                  Effect.logWarning(`Fail point ${point} reached: SIGKILL`),
                  Effect.sync(() => process.kill(process.pid, "SIGKILL"))
                )
              case "delay":
                return Effect.andThen(
                  Effect.logWarning(`Fail point ${point} reached: waiting ${Duration.format(action.duration)}`),
                  Effect.sleep(action.duration)
                )
            }
          }
        })
      })
    )
  )
)

/** Stops here if a test armed this point; otherwise goes on at once. */
export const reachFailPoint = (point: FailPointName): Effect.Effect<void> =>
  Effect.flatMap(Effect.service(FailPoints), (failPoints) => failPoints.reach(point))
