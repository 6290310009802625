import { Clock, Duration, Effect } from "effect"

/** Real time plus an offset the test moves forward, e.g. past a link's 24 hours. */
export type AdjustableClock = Clock.Clock & { advance(by: Duration.Input): void }

export const makeAdjustableClock = (): AdjustableClock => {
  const real = Clock.Clock.defaultValue()
  let offsetMs = 0
  const millis = () => real.currentTimeMillisUnsafe() + offsetMs
  return {
    currentTimeMillisUnsafe: millis,
    currentTimeMillis: Effect.sync(millis),
    currentTimeNanosUnsafe: () => BigInt(millis()) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(millis()) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: real.monotonicTimeNanos,
    sleep: (duration) => real.sleep(duration),
    advance: (by) => {
      offsetMs += Duration.toMillis(Duration.fromInputUnsafe(by))
    }
  }
}
