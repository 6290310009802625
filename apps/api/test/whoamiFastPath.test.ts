import { tracingChannel } from "node:diagnostics_channel"
import { request } from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { signInWithToken, signUpWithToken, startTestApi, type TestApi, uniqueEmail } from "@verity/test-api"

// `GET /trpc/session.whoami` is answered on Node's own request, before Fastify and tRPC's HTTP
// adapter (packages/api/src/http/whoamiFastPath.ts). A client must not be able to tell: every
// case is sent twice, once to the fast path and once to tRPC's own handler (the same URL with a
// query parameter tRPC ignores, which the fast path leaves to Fastify), and the two answers must
// be the same bytes: status, every header but the date (names as sent, in order), body.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(async () => {
  await api?.close()
})

type RawAnswer = { status: number; headers: Array<[string, string]>; body: string }

/** The answer as it came off the socket: status, headers in order and as spelled, body. */
const rawCall = (path: string, headers: Record<string, string>, method = "GET"): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const outgoing = request(`${api.url}${path}`, { method, headers }, (incoming) => {
      const chunks: Array<Buffer> = []
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
      incoming.on("end", () => {
        const pairs: Array<[string, string]> = []
        for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
          const name = incoming.rawHeaders[index]!
          // The only header allowed to differ: the two answers are made at different instants.
          if (name.toLowerCase() !== "date") pairs.push([name, incoming.rawHeaders[index + 1]!])
        }
        resolve({ status: incoming.statusCode!, headers: pairs, body: Buffer.concat(chunks).toString("utf8") })
      })
      incoming.on("error", reject)
    })
    outgoing.on("error", reject)
    outgoing.end()
  })

const viaTrpcHandler = (path: string) => `${path}${path.includes("?") ? "&" : "?"}differential=trpc-handler`

let caseNumber = 0
/** The same request through the fast path and through tRPC's handler; answers the fast path's. */
const bothWays = async (path: string, headers: Record<string, string> = {}, method = "GET") => {
  // The same request id both ways, so the echoed x-request-id matches too.
  const requestId = `differential-${caseNumber++}`
  const fast = await rawCall(path, { ...headers, "x-request-id": requestId }, method)
  const trpc = await rawCall(viaTrpcHandler(path), { ...headers, "x-request-id": requestId }, method)
  expect(fast).toEqual(trpc)
  return fast
}

const whoami = "/trpc/session.whoami"
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const reasonOf = (answer: RawAnswer) =>
  (JSON.parse(answer.body) as { error?: { data?: { reason?: string } } }).error?.data?.reason

describe("session.whoami's fast path answers exactly what tRPC's handler answers", () => {
  it("a live session, by bearer token and by cookie", async () => {
    const token = await signUpWithToken(api.client(), uniqueEmail("fast-live"))
    const byBearer = await bothWays(whoami, bearer(token))
    expect(byBearer.status).toBe(200)
    expect(byBearer.headers.map(([name]) => name)).toContain("x-verity-user-version")
    const byCookie = await bothWays(whoami, { cookie: `verity_session=${token}` })
    expect(byCookie.status).toBe(200)
  })

  it("no session, an unknown token, a malformed Authorization header", async () => {
    expect((await bothWays(whoami)).status).toBe(401)
    expect(reasonOf(await bothWays(whoami, bearer("not-a-session")))).toBe("UNAUTHENTICATED")
    expect((await bothWays(whoami, { authorization: "Bearer" })).status).toBe(401)
  })

  it("two session cookies are refused the same way", async () => {
    const answer = await bothWays(whoami, { cookie: "verity_session=one; verity_session=two" })
    expect(answer.status).toBe(400)
  })

  it("a revoked session and an expired one", async () => {
    const email = uniqueEmail("fast-revoked")
    const first = await signUpWithToken(api.client(), email)
    const second = await signInWithToken(api.client(), email)
    await api.client(second).session.revokeOthers.mutate()
    const revoked = await bothWays(whoami, bearer(first))
    expect(reasonOf(revoked)).toBe("SESSION_REVOKED")

    // Idle past SESSION_IDLE_TIMEOUT (7 days by default): the first request expires it.
    api.clock.advance("8 days")
    const expired = await bothWays(whoami, bearer(second))
    expect(expired.status).toBe(401)
    expect(JSON.parse(expired.body).error.data.revokedReason).toBe("expired")
  })

  it("x-verity-min-version: caught up, and malformed", async () => {
    const email = uniqueEmail("fast-version")
    const token = await signUpWithToken(api.client(), email)
    const written = await api.writeUserBehindTheApi(email, { emailConfirmed: true })
    const caughtUp = await bothWays(whoami, { ...bearer(token), "x-verity-min-version": String(written.version) })
    expect(JSON.parse(caughtUp.body).result.data.userVersion).toBe(written.version)
    const malformed = await bothWays(whoami, { ...bearer(token), "x-verity-min-version": "soon" })
    expect(malformed.status).toBe(400)
  })

  it("batches, inputs, streaming Accept headers, HEAD and POST are tRPC's own", async () => {
    const token = await signUpWithToken(api.client(), uniqueEmail("fast-batch"))
    const batch = await bothWays(`${whoami}?batch=1&input=%7B%7D`, bearer(token))
    expect(JSON.parse(batch.body)).toHaveLength(1)
    // tRPC reads no input for a procedure that takes none, so even a malformed one is answered.
    expect((await bothWays(`${whoami}?batch=1&input=not-json`, bearer(token))).status).toBe(200)
    expect((await bothWays(`${whoami}?batch=1`, bearer(token))).status).toBe(200)
    expect((await bothWays(`${whoami}?input=%7B%22a%22%3A1%7D`, bearer(token))).status).toBe(200)
    expect((await bothWays(whoami, { ...bearer(token), "trpc-accept": "application/jsonl" })).status).toBe(400)
    expect((await bothWays(whoami, bearer(token), "HEAD")).status).toBe(204)
    // A POST without a JSON body is refused before any procedure (HttpServer.ts).
    expect((await bothWays(whoami, bearer(token), "POST")).status).toBe(415)
    expect((await bothWays(whoami, { ...bearer(token), "content-type": "application/json" }, "POST")).status).toBe(405)
  })

  it("the plain call is answered before Fastify; every other request is Fastify's", async () => {
    // Fastify announces every route handler it runs on this channel (its documented diagnostics).
    const handled: Array<string> = []
    const handlers = tracingChannel<unknown, { request: { url: string } }>("fastify.request.handler")
    const onStart = (message: { request: { url: string } }) => void handled.push(message.request.url)
    const subscribers = { start: onStart, end() {}, asyncStart() {}, asyncEnd() {}, error() {} }
    handlers.subscribe(subscribers)
    try {
      const token = await signUpWithToken(api.client(), uniqueEmail("fast-fastify"))
      handled.length = 0
      expect((await bothWays(whoami, bearer(token))).status).toBe(200)
      expect((await bothWays(whoami, { ...bearer(token), "content-length": "0" })).status).toBe(200)
      expect(handled).toEqual([viaTrpcHandler(whoami), viaTrpcHandler(whoami)])
      handled.length = 0
      await rawCall(whoami, { ...bearer(token), accept: "application/jsonl" })
      await rawCall(`${whoami}?batch=1`, bearer(token))
      expect(handled).toEqual([whoami, `${whoami}?batch=1`])
    } finally {
      handlers.unsubscribe(subscribers)
    }
  })
})
