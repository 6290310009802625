import { percentile } from "../report/stats.ts"

export type PacedOutcome = {
  readonly writes: number
  readonly perSecond: number
  /** From asking for the write to its acknowledgement (durable), ms. */
  readonly latencyP50Ms: number
  readonly latencyP99Ms: number
}

// Issued in small groups on a 5 ms timer; each tick catches up with the schedule if it ran late.
const tickMs = 5

/**
 * Issues `write` at `perSecond` for `seconds`, without waiting for one to finish before the next
 * (requests do not queue behind each other's commits), and waits for the last one.
 */
export const pacedWrites = async (
  write: () => Promise<unknown>,
  perSecond: number,
  seconds: number
): Promise<PacedOutcome> => {
  const latencies: Array<number> = []
  const inFlight = new Set<Promise<unknown>>()
  const started = performance.now()
  let issued = 0
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsedMs = performance.now() - started
      const due = Math.min(Math.floor((elapsedMs / 1000) * perSecond), perSecond * seconds)
      for (; issued < due; issued++) {
        const askedAt = performance.now()
        const done = write().then(() => void latencies.push(performance.now() - askedAt))
        inFlight.add(done)
        void done.finally(() => inFlight.delete(done))
      }
      if (issued >= perSecond * seconds) {
        clearInterval(timer)
        resolve()
      }
    }, tickMs)
  })
  await Promise.all(inFlight)
  const elapsedSeconds = (performance.now() - started) / 1000
  return {
    writes: latencies.length,
    perSecond: latencies.length / elapsedSeconds,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99)
  }
}
