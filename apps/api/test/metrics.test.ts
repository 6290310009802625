import { HttpServer, Metrics } from "@verity/api/server"
import { verificationLinkToken } from "@verity/testing"
import { Effect, Option } from "effect"
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { failureOf, signUpWithToken, startTestApiWithMail, type TestApiWithMail, uniqueEmail } from "@verity/test-api"
import { subscriptionClient } from "./support/subscriptionClient.ts"

// What an operator's Prometheus sees, read with a Prometheus text-format parser, and the same
// figures as data (what the inspector's health panel shows).

let api: TestApiWithMail
let metricsUrl: string

beforeAll(async () => {
  api = await startTestApiWithMail({ env: { METRICS_PORT: "0" } })
  const url = await api.runtime.runPromise(HttpServer.use((server) => Effect.succeed(server.metricsUrl)))
  metricsUrl = Option.getOrThrow(url)
})
afterAll(async () => {
  await api?.close()
})

type Scrape = {
  readonly families: ReadonlyArray<ParsedFamily>
  value(name: string, labels?: Record<string, string>): number
  histogram(name: string): { count: number; sum: number; buckets: Record<string, number> }
}

const scrape = async (): Promise<Scrape> => {
  const response = await fetch(metricsUrl)
  expect(response.headers.get("content-type")).toContain("text/plain")
  const families = parsePrometheusTextFormat(await response.text())
  const family = (name: string) => {
    const found = families.find((candidate) => candidate.name === name)
    if (found === undefined) throw new Error(`/metrics has no ${name}`)
    return found
  }
  return {
    families,
    value: (name, labels = {}) => {
      const sample = family(name).metrics.find((metric) =>
        Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value)
      )
      return Number(sample?.value ?? 0)
    },
    histogram: (name) => {
      const [sample] = family(name).metrics
      return {
        count: Number(sample?.count ?? 0),
        sum: Number(sample?.sum ?? 0),
        buckets: Object.fromEntries(Object.entries(sample?.buckets ?? {}).map(([le, count]) => [le, Number(count)]))
      }
    }
  }
}

const figures = () => api.runtime.runPromise(Metrics.use((metrics) => metrics.figures))

describe("/metrics", () => {
  it("counts the fan-out of a confirmation, empties the outbox backlog once mail is sent, and agrees with the figures as data", async () => {
    const before = await scrape()
    const email = uniqueEmail("metrics")
    const token = await signUpWithToken(api.client(), email)
    const link = verificationLinkToken(await api.mail.waitForMail((mail) => mail.to.includes(email)))
    await api.client().auth.verifyEmail.mutate({ token: link })

    await vi.waitFor(async () => expect((await scrape()).value("verity_outbox_backlog")).toBe(0))
    const after = await scrape()
    expect(after.value("verity_live_sessions")).toBeGreaterThanOrEqual(1)
    const fanOut = after.histogram("verity_fanout_duration_seconds")
    expect(fanOut.count).toBe(before.histogram("verity_fanout_duration_seconds").count + 1)
    expect(fanOut.buckets["+Inf"]).toBe(fanOut.count)
    expect(after.value("verity_outbox_oldest_undelivered_age_seconds")).toBe(0)
    expect(after.value("verity_mail_delivery_failures_total", { outcome: "givenUp" })).toBe(0)

    const data = await figures()
    expect(data.fanOut.count).toBe(fanOut.count)
    expect(data.fanOut.sumSeconds).toBeCloseTo(fanOut.sum, 9)
    expect(data.outboxBacklog).toBe(0)
    expect(data.liveSessions).toBe(after.value("verity_live_sessions"))
    expect((await api.client(token).session.whoami.query()).user.emailConfirmed).toBe(true)
  })

  it("counts evictions, rebuilds, open streams and rate-limit refusals by rule", async () => {
    const email = uniqueEmail("metrics-more")
    const token = await signUpWithToken(api.client(), email)
    const before = await scrape()

    const evicted = await api.evictAllActors()
    await api.client(token).session.whoami.query()
    // Five wrong passwords a minute from one address to one account are allowed; the sixth is refused.
    for (let attempt = 0; attempt < 6; attempt++) {
      await failureOf(api.client().auth.signIn.mutate({ email, password: "not the password at all" }))
    }
    const client = subscriptionClient(api.url, token)
    const subscription = client.session.changes.subscribe(undefined, {})
    await vi.waitFor(async () => expect((await scrape()).value("verity_open_session_streams")).toBe(1))

    const during = await scrape()
    expect(during.value("verity_session_evictions_total")).toBe(
      before.value("verity_session_evictions_total") + evicted
    )
    expect(during.value("verity_session_rebuilds_total")).toBe(before.value("verity_session_rebuilds_total") + 1)
    expect(during.value("verity_rate_limit_refusals_total", { rule: "signin_account_ip_minute" })).toBe(
      before.value("verity_rate_limit_refusals_total", { rule: "signin_account_ip_minute" }) + 1
    )
    expect((await figures()).rateLimitRefusals["signin_account_ip_minute"]).toBe(
      during.value("verity_rate_limit_refusals_total", { rule: "signin_account_ip_minute" })
    )

    subscription.unsubscribe()
    await vi.waitFor(async () => expect((await scrape()).value("verity_open_session_streams")).toBe(0))
  })

  it("is not on the public port", async () => {
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404)
  })
})
