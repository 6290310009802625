import { type ReverseProxy, startReverseProxy } from "@verity/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  apiClient,
  type ClientOptions,
  failureOf,
  startTestApi,
  strongPassword,
  type TestApi,
  uniqueEmail
} from "@verity/test-api"

// Verity behind a real reverse proxy (nginx, appending each client's address to X-Forwarded-For),
// with clients on distinct loopback addresses, as users behind a load balancer are.

// nginx's own connections come from here; the API trusts it through TRUST_PROXY.
const proxyAddress = "127.0.0.2"
// A second trusted proxy, played by the test itself, for what loopback cannot give: IPv6 clients.
const ipv6ProxyAddress = "127.0.0.3"

let trusting: TestApi
let behindTrusting: ReverseProxy
let untrusting: TestApi
let behindUntrusting: ReverseProxy

beforeAll(async () => {
  trusting = await startTestApi({ env: { TRUST_PROXY: `${proxyAddress}, ${ipv6ProxyAddress}` } })
  behindTrusting = await startReverseProxy(trusting.url, proxyAddress)
  untrusting = await startTestApi()
  behindUntrusting = await startReverseProxy(untrusting.url, proxyAddress)
})
afterAll(async () => {
  await behindTrusting?.close()
  await behindUntrusting?.close()
  await trusting?.close()
  await untrusting?.close()
})

const client = (url: string, from: string, options: Omit<ClientOptions, "from"> = {}) =>
  apiClient(url, undefined, { from, separateRequests: true, ...options })

/** The address the API recorded for a session signed up through `url` from `from`. */
const recordedAddress = async (url: string, from: string, options: Omit<ClientOptions, "from"> = {}) => {
  const { sessionToken } = await client(url, from, options).auth.signUp.mutate({
    email: uniqueEmail("address"),
    password: strongPassword,
    transport: "token"
  })
  const sessions = await apiClient(url, sessionToken, { from, ...options }).session.list.query()
  return sessions.find((session) => session.current)?.ip
}

const guess = (url: string, from: string, email: string, password: string, options: Omit<ClientOptions, "from"> = {}) =>
  client(url, from, options).auth.signIn.mutate({ email, password, transport: "token" })

/** What the trusted proxy says about a client it forwards. */
const forwardedFor = (address: string) => ({ headers: { "x-forwarded-for": address } })

describe("TRUST_PROXY names the proxy in front", () => {
  it("each client behind nginx is seen at its own address", async () => {
    expect(await recordedAddress(behindTrusting.url, "127.0.60.1")).toBe("127.0.60.1")
    expect(await recordedAddress(behindTrusting.url, "127.0.60.2")).toBe("127.0.60.2")
  })

  it("one client's guesses behind the proxy do not hold another client's sign-in to the same account", async () => {
    const email = uniqueEmail("behind-proxy")
    await client(behindTrusting.url, "127.0.61.1").auth.signUp.mutate({ email, password: strongPassword })
    for (let attempt = 0; attempt < 10; attempt++) {
      await guess(behindTrusting.url, "127.0.61.2", email, `wrong guess ${attempt} here`).catch(() => undefined)
    }
    expect(await failureOf(guess(behindTrusting.url, "127.0.61.2", email, strongPassword))).toMatchObject({
      reason: "RATE_LIMITED"
    })
    await expect(guess(behindTrusting.url, "127.0.61.3", email, strongPassword)).resolves.toMatchObject({
      whoami: { user: { email } }
    })
  })

  it("a client connecting directly is no proxy: the X-Forwarded-For it sends is ignored", async () => {
    const forged = { headers: { "x-forwarded-for": "203.0.113.9" } }
    expect(await recordedAddress(trusting.url, "127.0.62.1", forged)).toBe("127.0.62.1")
  })

  it("IPv6 clients count per /64: another address in the same /64 shares the limit, the next /64 does not", async () => {
    const email = uniqueEmail("ipv6")
    await client(trusting.url, "127.0.63.1").auth.signUp.mutate({ email, password: strongPassword })
    for (let attempt = 0; attempt < 5; attempt++) {
      await guess(
        trusting.url,
        ipv6ProxyAddress,
        email,
        `wrong ${attempt} guess`,
        forwardedFor("2001:db8:1:2::a")
      ).catch(() => undefined)
    }
    expect(
      await failureOf(guess(trusting.url, ipv6ProxyAddress, email, strongPassword, forwardedFor("2001:db8:1:2::b")))
    ).toMatchObject({ reason: "RATE_LIMITED" })
    await expect(
      guess(trusting.url, ipv6ProxyAddress, email, strongPassword, forwardedFor("2001:db8:1:3::a"))
    ).resolves.toMatchObject({ whoami: { user: { email } } })
  })
})

describe("without TRUST_PROXY", () => {
  it("forwarded headers are ignored: every client behind the proxy shares the proxy's address", async () => {
    expect(await recordedAddress(behindUntrusting.url, "127.0.64.1")).toBe(proxyAddress)
    expect(await recordedAddress(behindUntrusting.url, "127.0.64.2")).toBe(proxyAddress)
    expect(await recordedAddress(untrusting.url, "127.0.64.3", { headers: { "x-forwarded-for": "203.0.113.9" } })).toBe(
      "127.0.64.3"
    )
  })
})
