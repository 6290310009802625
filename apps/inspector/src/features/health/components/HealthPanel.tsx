/**
 * This instance's health, as `/metrics` has it (inspect.health reads the same registry): live
 * actors, rebuilds and evictions per minute, fan-out p50/p99, open streams, change-feed lag and
 * resyncs. Asked again every few seconds while shown.
 */
import { useQuery } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { useEffect, useState } from "react"
import { formatMs, formatTime } from "../../../lib/formatTime.ts"
import { type CounterSample, keepWindow, perMinute } from "../healthRates.ts"

// Often enough to see a burst of rebuilds as it happens; each answer is one registry read.
const refreshMs = 2_000

const rate = (value: number | null) => (value === null ? "measuring…" : `${value.toFixed(1)} / min`)

export const HealthPanel = () => {
  const trpc = useVerity()
  const health = useQuery({ ...trpc.inspect.health.queryOptions(), refetchInterval: refreshMs })
  const [samples, setSamples] = useState<CounterSample[]>([])
  const data = health.data
  useEffect(() => {
    if (data === undefined) return
    const latest = { atMs: Date.parse(data.at), rebuilds: data.sessionRebuilds, evictions: data.sessionEvictions }
    setSamples((kept) => keepWindow(kept, latest))
  }, [data])
  if (health.isError) return <p role="alert">{health.error.message}</p>
  if (data === undefined) return <p>Reading the figures…</p>
  const figures: ReadonlyArray<readonly [string, string]> = [
    ["Live actors", String(data.liveSessions)],
    ["Rebuilds", `${rate(perMinute(samples, "rebuilds"))} (${data.sessionRebuilds} since start)`],
    ["Evictions", `${rate(perMinute(samples, "evictions"))} (${data.sessionEvictions} since start)`],
    [
      "Fan-out p50 / p99",
      `${formatMs(data.fanOut.p50Ms)} / ${formatMs(data.fanOut.p99Ms)} (${data.fanOut.count} changes)`
    ],
    ["Open session streams", String(data.openSessionStreams)],
    [
      "Change-feed lag p50 / p99",
      data.changeFeedLag.count === 0
        ? "no change arrived through the feed"
        : `${formatMs(data.changeFeedLag.p50Ms)} / ${formatMs(data.changeFeedLag.p99Ms)}`
    ],
    ["Change-feed resyncs", String(data.changeFeedResyncs)],
    ["Outbox backlog", data.outboxBacklog < 0 ? "the store did not answer" : String(data.outboxBacklog)]
  ]
  return (
    <section className="health" aria-labelledby="health-heading">
      <h2 id="health-heading">Health of {data.instanceId}</h2>
      <p>
        The figures <code>/metrics</code> exposes, as of {formatTime(data.at)}.
      </p>
      <dl className="health__figures">
        {figures.map(([name, value]) => (
          <div key={name} className="health__figure">
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
