import { fastifyCookie } from "@fastify/cookie"
import {
  type AnyTRPCRouter,
  callTRPCProcedure,
  type inferRouterContext,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  type TRPCErrorShape,
  transformTRPCResponse
} from "@trpc/server"
import { getHTTPStatusCodeFromError } from "@trpc/server/http"
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http"
import type { ReplyControls, RequestFacts } from "./requestFacts.ts"
import { requestIdHeader, requestIdOf } from "./requestId.ts"
import { apiAnswerCacheControl, applySecurityHeaders, type SecurityHeaders } from "./securityHeaders.ts"

/**
 * `session.whoami`, the call every page load and every other backend makes, answered on Node's
 * own request, before Fastify. Profiled under load (`npm run bench:profile`), Fastify's request
 * lifecycle and tRPC's HTTP adapter (a fetch Request and a streamed Response per call) were most
 * of a whoami's CPU time, the product's own work a few percent.
 *
 * Only the reading of the request and the writing of the answer are done here. The procedure
 * itself (every protection of `sessionProcedure`, the session lookup, the answer) is tRPC's,
 * called through `callTRPCProcedure` with the context every other call gets (requestContext.ts);
 * a failure is shaped by tRPC's own error shape and status mapping; the headers are the list
 * every answer carries (securityHeaders.ts). Whatever is not the plain call (a query string:
 * batch=1, input=…; a body; a streaming Accept header; another method; a server that is
 * draining) is Fastify's, as before. The answer is tRPC's handler's, byte for byte:
 * apps/api/test/whoamiFastPath.test.ts sends every case through both and compares.
 */

const path = "session.whoami"
/** The one URL answered here: anything with a query string is tRPC's (batch=1, input=…). */
const whoamiUrl = `/trpc/${path}`

/** True when tRPC would read the call as streamed (it then refuses a call that is not batched). */
const asksForStream = (headers: IncomingHttpHeaders) =>
  headers["trpc-accept"] !== undefined ||
  (headers.accept ?? "").split(",").some((type) => type.trim() === "application/jsonl")

const hasBody = (headers: IncomingHttpHeaders) =>
  headers["transfer-encoding"] !== undefined || (headers["content-length"] ?? "0") !== "0"

const noCookieHere = () => {
  throw new Error(`The whoami fast path (http/whoamiFastPath.ts) sets no cookie: answer ${path} through Fastify.`)
}

export type WhoamiFastPathOptions<TRouter extends AnyTRPCRouter> = {
  /** The API's router (the bench gives its baselines' routers the same path). */
  readonly router: TRouter
  /** The one way a request becomes a context (requestContext.ts, for the API). */
  readonly contextFor: (request: RequestFacts, reply: ReplyControls) => inferRouterContext<TRouter>
  readonly securityHeaders: SecurityHeaders
  /** The client's address as Fastify reads it with TRUST_PROXY (clientAddress.ts). */
  readonly clientAddressOf: (request: IncomingMessage) => string
  /** True once shutdown has begun: Fastify then answers (503, `Connection: close`). */
  readonly draining: () => boolean
  /** A failure outside the procedure (a bug): logged, answered 500 in the API's error shape. */
  readonly onUnexpected: (error: unknown, requestId: string, response: ServerResponse) => void
}

/** Answers the request and returns true, or returns false and leaves it to Fastify. */
export type FastPath = (request: IncomingMessage, response: ServerResponse) => boolean

export const whoamiFastPath = <TRouter extends AnyTRPCRouter>(options: WhoamiFastPathOptions<TRouter>): FastPath => {
  const { router, contextFor, securityHeaders, clientAddressOf } = options
  const config = router._def._config

  const answer = async (request: IncomingMessage, response: ServerResponse, requestId: string) => {
    // In the order Fastify sends its reply's: the id (first onRequest hook), then whatever the
    // procedure sets, then the API's cache rule (onSend), then tRPC's own two.
    const headers: Record<string, string> = { [requestIdHeader]: requestId }
    const reply: ReplyControls = {
      header: (name, value) => void (headers[name.toLowerCase()] = value),
      setCookie: noCookieHere,
      clearCookie: noCookieHere
    }
    let cookies: RequestFacts["cookies"] | undefined
    const facts: RequestFacts = {
      id: requestId,
      headers: request.headers,
      get ip() {
        return clientAddressOf(request)
      },
      // Parsed only when read (a bearer request with no cookie never parses one), as @fastify/cookie would.
      get cookies() {
        return (cookies ??= request.headers.cookie ? fastifyCookie.parse(request.headers.cookie) : {})
      }
    }
    const ctx = contextFor(facts, reply)
    let status = 200
    let body: { result: { data: unknown } } | { error: TRPCErrorShape }
    try {
      const data = await callTRPCProcedure({
        router,
        path,
        getRawInput: async () => undefined,
        ctx,
        type: "query",
        signal: undefined,
        batchIndex: 0
      })
      body = { result: { data } }
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause)
      status = getHTTPStatusCodeFromError(error)
      body = { error: getTRPCErrorShape({ config, error, type: "query", path, input: undefined, ctx }) }
    }
    headers["cache-control"] = apiAnswerCacheControl
    headers["content-type"] = "application/json"
    headers["vary"] = "trpc-accept, accept"
    response.writeHead(status, headers)
    // Written, then ended: chunked, as tRPC's streamed Response is sent.
    response.write(JSON.stringify(transformTRPCResponse(config, body)))
    response.end()
  }

  return (request, response) => {
    const plainCall =
      request.method === "GET" &&
      request.url === whoamiUrl &&
      !hasBody(request.headers) &&
      !asksForStream(request.headers) &&
      !options.draining()
    if (!plainCall) return false
    const requestId = requestIdOf(request.headers)
    // Set first, on Node's response, as Fastify's onRequest hook sets them.
    applySecurityHeaders(response, securityHeaders)
    answer(request, response, requestId).catch((error: unknown) => options.onUnexpected(error, requestId, response))
    return true
  }
}
