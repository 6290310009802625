import autocannon from "autocannon"

// Runs in its own `node` process (see runLoad.ts), so the load generator never shares the
// server's event loop: a warm-up run, then the measured run; prints one JSON line.

export type LoadSettings = {
  readonly url: string
  readonly headers: Record<string, string>
  readonly connections: number
  readonly pipelining: number
  readonly warmupSeconds: number
  readonly durationSeconds: number
}

export type LoadResult = {
  readonly requestsPerSecond: number
  readonly latencyP50Ms: number
  readonly latencyP99Ms: number
  readonly requests: number
  /** Non-2xx answers, socket errors and timeouts: a run with any of these measured something else. */
  readonly failures: number
}

const run = (settings: LoadSettings, seconds: number) =>
  autocannon({
    url: settings.url,
    headers: settings.headers,
    connections: settings.connections,
    pipelining: settings.pipelining,
    duration: seconds
  })

const settings = JSON.parse(process.argv[2] ?? "") as LoadSettings
if (settings.warmupSeconds > 0) await run(settings, settings.warmupSeconds)
const result = await run(settings, settings.durationSeconds)
const output: LoadResult = {
  requestsPerSecond: result.requests.average,
  latencyP50Ms: result.latency.p50,
  latencyP99Ms: result.latency.p99,
  requests: result.requests.total,
  failures: result.non2xx + result.errors + result.timeouts
}
console.log(JSON.stringify(output))
