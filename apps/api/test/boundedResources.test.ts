// Over 200 lines on purpose: every resource bound (timeouts, connection cap, body and path limits, stream caps) over one real server, one case per bound.
import { createVerityClient } from "@verity/client"
import { verificationLinkToken } from "@verity/testing"
import { connect, type Socket } from "node:net"
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import {
  signInWithToken,
  signUpWithToken,
  startTestApi,
  type TestApi,
  testApiWithMailForFile,
  uniqueEmail
} from "@verity/test-api"
import { type SessionWatch, watchSession } from "./support/watchSession.ts"

// What one client (or a flood of them) can hold of the server: connections, time, streams,
// calls per request. Each is bounded, and every refusal comes in the API's own error shape.

const api = testApiWithMailForFile()

/** A raw TCP connection to the server, with what it received and when it was closed. */
const rawConnection = async (url: string) => {
  const { hostname, port } = new URL(url)
  const socket: Socket = connect(Number(port), hostname)
  await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject))
  const opened = performance.now()
  const state = { received: "", closedAfterMs: null as number | null }
  socket.on("data", (chunk: Buffer) => (state.received += chunk.toString("latin1")))
  socket.on("error", () => {})
  socket.on("close", () => (state.closedAfterMs = performance.now() - opened))
  return Object.assign(state, { socket })
}

/** The JSON body of a raw HTTP answer. */
const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))

describe("connections", () => {
  let short: TestApi
  beforeAll(async () => {
    short = await startTestApi({ env: { HTTP_IDLE_TIMEOUT: "1 second", HTTP_REQUEST_TIMEOUT: "1 second" } })
  })
  afterAll(async () => {
    await short?.close()
  })

  it("a connection that sends nothing is closed after HTTP_IDLE_TIMEOUT", async () => {
    const idle = await rawConnection(short.url)
    await vi.waitFor(() => expect(idle.closedAfterMs).not.toBeNull(), { timeout: 4_000 })
    expect(idle.closedAfterMs).toBeGreaterThan(900)
  })

  it("a kept-alive connection is closed once it has been idle that long after its answer", async () => {
    const kept = await rawConnection(short.url)
    kept.socket.write("GET /healthz HTTP/1.1\r\nHost: verity.test\r\nConnection: keep-alive\r\n\r\n")
    await vi.waitFor(() => expect(kept.received).toContain('{"ok":true}'))
    expect(kept.closedAfterMs).toBeNull()
    await vi.waitFor(() => expect(kept.closedAfterMs).not.toBeNull(), { timeout: 4_000 })
  })

  it("a request trickled in to dodge the idle timeout is cut off after HTTP_REQUEST_TIMEOUT with a 408", async () => {
    const slow = await rawConnection(short.url)
    slow.socket.write("GET /healthz HTTP/1.1\r\nHost: verity.test\r\nX-Slow: ")
    const trickle = setInterval(() => slow.socket.writable && slow.socket.write("a"), 200)
    try {
      await vi.waitFor(() => expect(slow.closedAfterMs).not.toBeNull(), { timeout: 5_000 })
    } finally {
      clearInterval(trickle)
    }
    expect(slow.received).toMatch(/^HTTP\/1\.1 408 /)
    expect(bodyOf(slow.received).error.data).toEqual({ code: "TIMEOUT", httpStatus: 408, reason: "VALIDATION" })
  })

  it("connections past MAX_CONNECTIONS are closed as they arrive, and a freed place serves again", async () => {
    const capped = await startTestApi({ env: { MAX_CONNECTIONS: "3" } })
    try {
      const held = [await rawConnection(capped.url), await rawConnection(capped.url), await rawConnection(capped.url)]
      const extra = await rawConnection(capped.url)
      extra.socket.write("GET /healthz HTTP/1.1\r\nHost: verity.test\r\n\r\n")
      await vi.waitFor(() => expect(extra.closedAfterMs).not.toBeNull())
      expect(extra.received).toBe("")
      expect(held.map((connection) => connection.closedAfterMs)).toEqual([null, null, null])

      held[0]!.socket.destroy()
      await vi.waitFor(async () => {
        const next = await rawConnection(capped.url)
        next.socket.write("GET /healthz HTTP/1.1\r\nHost: verity.test\r\nConnection: close\r\n\r\n")
        await vi.waitFor(() => expect(next.closedAfterMs).not.toBeNull())
        expect(next.received).toContain('{"ok":true}')
      })
      for (const connection of held) connection.socket.destroy()
    } finally {
      await capped.close()
    }
  })
})

/** A plain HTTP call's status and JSON body. */
const answer = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${api.url}${path}`, init)
  return { status: response.status, body: await response.json() }
}

describe("errors raised before any procedure runs come in the API's error shape", () => {
  it("an unknown path: 404 NOT_FOUND", async () => {
    expect(await answer("/no-such-page")).toMatchObject({
      status: 404,
      body: { error: { message: expect.any(String), data: { httpStatus: 404, reason: "NOT_FOUND" } } }
    })
  })

  it("a path too long: 414", async () => {
    expect(await answer(`/trpc/${"session.whoami,".repeat(200)}session.whoami?batch=1`)).toMatchObject({
      status: 414,
      body: { error: { message: expect.any(String), data: { httpStatus: 414, reason: "VALIDATION" } } }
    })
  })

  it("a body too large: 413", async () => {
    const huge = await answer("/trpc/auth.signIn", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "a@b.co", password: "x".repeat(100_000) })
    })
    expect(huge).toMatchObject({ status: 413, body: { error: { data: { httpStatus: 413, reason: "VALIDATION" } } } })
  })

  it("headers too large: 431", async () => {
    const connection = await rawConnection(api.url)
    connection.socket.write(`GET /healthz HTTP/1.1\r\nHost: verity.test\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`)
    await vi.waitFor(() => expect(connection.closedAfterMs).not.toBeNull())
    expect(connection.received).toMatch(/^HTTP\/1\.1 431 /)
    expect(bodyOf(connection.received).error.data).toMatchObject({ httpStatus: 431, reason: "VALIDATION" })
  })
})

/** `session.whoami`, `size` times in one batched request. */
const batch = (size: number, token: string) =>
  fetch(`${api.url}/trpc/${Array.from({ length: size }, () => "session.whoami").join(",")}?batch=1&input={}`, {
    headers: { authorization: `Bearer ${token}` }
  })

describe("batches", () => {
  it("a batch of up to 10 calls is answered; a larger one is refused whole, with nothing run", async () => {
    const token = await signUpWithToken(api.client(), uniqueEmail("batch"))
    const ten = await batch(10, token)
    expect(ten.status).toBe(200)
    expect(await ten.json()).toHaveLength(10)

    const eleven = await batch(11, token)
    expect(eleven.status).toBe(400)
    expect(await eleven.json()).toMatchObject({
      error: { message: "Batch call exceeds maximum size", data: { reason: "VALIDATION" } }
    })
  })

  it("@verity/client splits a burst of calls into batches the API accepts", async () => {
    const token = await signUpWithToken(api.client(), uniqueEmail("burst"))
    const client = createVerityClient({ url: api.url, token })
    const answers = await Promise.all(Array.from({ length: 25 }, () => client.session.whoami.query()))
    expect(new Set(answers.map((whoami) => whoami.session.id)).size).toBe(1)
  })
})

const reasonOf = (watch: SessionWatch) => watch.ended.error?.data?.reason

const expectEndedExpired = (watch: SessionWatch) =>
  expect(watch.ended.error?.data).toMatchObject({ reason: "SESSION_REVOKED", revokedReason: "expired" })

describe("session.changes streams", () => {
  // Stopped whatever a test does: an open stream would hold the server's shutdown.
  const open: Array<SessionWatch> = []
  afterEach(() => {
    for (const watch of open.splice(0)) watch.stop()
  })

  /** Opens streams one after the other, so the server sees them in this order (the oldest first). */
  const opened = async (token: string, count: number) => {
    const watches: Array<SessionWatch> = []
    for (let opening = 0; opening < count; opening++) {
      const watch = watchSession(api.url, token)
      open.push(watch)
      watches.push(watch)
      await vi.waitFor(() => expect(watch.events).toHaveLength(1))
    }
    return watches
  }

  it("a ninth stream of one session ends the oldest with TOO_MANY_STREAMS; the others keep following", async () => {
    const email = uniqueEmail("nine-tabs")
    const token = await signUpWithToken(api.client(), email)
    const watches = await opened(token, 8)
    expect(watches.map(reasonOf)).toEqual(Array(8).fill(undefined))

    const [ninth] = await opened(token, 1)
    await vi.waitFor(() => expect(reasonOf(watches[0]!)).toBe("TOO_MANY_STREAMS"))
    expect(watches[0]!.ended.error?.data?.httpStatus).toBe(429)

    await api.client().auth.verifyEmail.mutate({
      token: verificationLinkToken(await api.mail.waitForMail((mail) => mail.to.includes(email)))
    })
    const following = [...watches.slice(1), ninth!]
    await vi.waitFor(() => expect(following.every((watch) => watch.events.at(-1)?.data.user.emailConfirmed)).toBe(true))
    expect(following.map(reasonOf)).toEqual(Array(8).fill(undefined))
  })

  it("past 32 streams of one user, the user's oldest ends, whichever session it belongs to", async () => {
    const email = uniqueEmail("many-devices")
    const tokens = [await signUpWithToken(api.client(), email)]
    while (tokens.length < 5) tokens.push(await signInWithToken(api.client(), email))
    const watches: Array<SessionWatch> = []
    for (const token of tokens.slice(0, 4)) watches.push(...(await opened(token, 8)))
    expect(watches.map(reasonOf)).toEqual(Array(32).fill(undefined))

    await opened(tokens[4]!, 1)
    await vi.waitFor(() => expect(reasonOf(watches[0]!)).toBe("TOO_MANY_STREAMS"))
    expect(watches.slice(1).map(reasonOf)).toEqual(Array(31).fill(undefined))
  })

  describe("with a short idle timeout and lifetime", () => {
    let expiring: TestApi
    beforeAll(async () => {
      expiring = await startTestApi({ env: { SESSION_IDLE_TIMEOUT: "2 seconds", SESSION_LIFETIME: "4 seconds" } })
    })
    afterAll(async () => {
      await expiring?.close()
    })

    it("ends with SESSION_REVOKED/expired once the session is idle too long, with no request", async () => {
      const watch = watchSession(expiring.url, await signUpWithToken(expiring.client(), uniqueEmail("idle-stream")))
      open.push(watch)
      await vi.waitFor(() => expect(watch.events).toHaveLength(1))
      await vi.waitFor(() => expectEndedExpired(watch), { timeout: 4_000 })
    })

    it("ends with SESSION_REVOKED/expired at the end of the session's lifetime, however active", async () => {
      const token = await signUpWithToken(expiring.client(), uniqueEmail("old-stream"))
      const watch = watchSession(expiring.url, token)
      open.push(watch)
      await vi.waitFor(() => expect(watch.events).toHaveLength(1))
      // Requests keep it from idling out: only the lifetime can end it.
      const active = setInterval(
        () =>
          void expiring
            .client(token)
            .session.whoami.query()
            .catch(() => {}),
        500
      )
      try {
        await vi.waitFor(() => expectEndedExpired(watch), { timeout: 6_000 })
      } finally {
        clearInterval(active)
      }
    })
  })
})
