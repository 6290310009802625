import autocannon from "autocannon"
import { Agent, get } from "node:http"

// Runs in its own `node` process (see runLoad.ts), so the load generator never shares the
// server's event loop: a warm-up run, then the measured run; prints one JSON line.

export type LoadSettings = {
  readonly url: string
  readonly headers: Record<string, string>
  readonly connections: number
  readonly pipelining: number
  readonly warmupSeconds: number
  readonly durationSeconds: number
  /**
   * Requests per second, sent at an even pace (a request every 1/rate s over at most `connections`
   * kept-alive node:http sockets); unset: autocannon, as fast as the server answers. autocannon's own rate option
   * sends each connection's quota in a burst at the start of every second, which measures a queue.
   */
  readonly overallRate?: number
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

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN

const paced = async (settings: LoadSettings, rate: number, seconds: number): Promise<LoadResult> => {
  // At most `connections` sockets, kept alive: a request beyond them waits for one, as with autocannon.
  const agent = new Agent({ keepAlive: true, maxSockets: settings.connections })
  const latencies: Array<number> = []
  const pending = new Set<Promise<void>>()
  let failures = 0
  const started = performance.now()
  let sent = 0
  const total = Math.round(rate * seconds)
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate))
    for (; sent < due; sent++) {
      const at = performance.now()
      const request = new Promise<void>((resolve) => {
        get(settings.url, { agent, headers: settings.headers }, (response) => {
          response.resume()
          response.on("end", () => {
            if ((response.statusCode ?? 500) >= 300) failures++
            latencies.push(performance.now() - at)
            resolve()
          })
        }).on("error", () => {
          failures++
          resolve()
        })
      })
      pending.add(request)
      void request.finally(() => pending.delete(request))
    }
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  await Promise.all(pending)
  agent.destroy()
  const sorted = latencies.toSorted((a, b) => a - b)
  return {
    requestsPerSecond: latencies.length / ((performance.now() - started) / 1000),
    latencyP50Ms: percentile(sorted, 50),
    latencyP99Ms: percentile(sorted, 99),
    requests: latencies.length,
    failures
  }
}

const settings = JSON.parse(process.argv[2] ?? "") as LoadSettings
const rate = settings.overallRate
if (rate !== undefined) {
  if (settings.warmupSeconds > 0) await paced(settings, rate, settings.warmupSeconds)
  console.log(JSON.stringify(await paced(settings, rate, settings.durationSeconds)))
} else {
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
}
