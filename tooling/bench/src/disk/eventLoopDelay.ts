import { monitorEventLoopDelay } from "node:perf_hooks"

// Sampled every millisecond: coarser sampling would miss the short stalls a commit's fsync causes.
const resolutionMs = 1

export type LoopDelay = { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number }

/** Watches this process's event loop until `stop`: how late a 1 ms timer fired, as perf_hooks reports it. */
export const watchEventLoopDelay = () => {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs })
  histogram.enable()
  return {
    stop: (): LoopDelay => {
      histogram.disable()
      return {
        p50Ms: histogram.percentile(50) / 1e6,
        p99Ms: histogram.percentile(99) / 1e6,
        maxMs: histogram.max / 1e6
      }
    }
  }
}
