import {
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  type TRPCError,
  type TRPCErrorShape,
  transformTRPCResponse
} from "@trpc/server"
import { fastifyRequestHandler, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify"
import { getHTTPStatusCodeFromError } from "@trpc/server/http"
import { Readable } from "node:stream"
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify"
import type { AppRouter } from "../trpc/appRouter.ts"
import type { RequestContext } from "../trpc/RequestContext.ts"

/**
 * `session.whoami`, the call every page load and every other backend makes, answered without
 * tRPC's HTTP adapter. The adapter turns each request into a fetch `Request` and its answer into
 * a `Response` streamed back through web streams; profiled under load (`npm run bench:profile`)
 * that conversion was most of a live whoami's CPU time, the product's own work a few percent.
 *
 * Only the routing and the encoding are done here: the procedure itself (every protection of
 * `sessionProcedure`, the session lookup, the answer) is tRPC's, called through
 * `callTRPCProcedure` with the context every other call gets, and a failure is shaped by tRPC's
 * own error shape and status mapping. Whatever is not the plain call (a batch, an input, a
 * streaming Accept header, HEAD) goes to tRPC's own handler. The answer is the handler's, byte
 * for byte: apps/api/test/whoamiRoute.test.ts sends every case through both and compares.
 */

const path = "session.whoami"
/** The one URL answered here: anything with a query string is tRPC's (batch=1, input=…). */
export const whoamiUrl = `/trpc/${path}`

// What tRPC's handler answers a call with (resolveResponse.ts), after every onSend hook of the
// server has run and in the order a fetch `Headers` lists them (sorted), with the body streamed
// (chunked), as Fastify sends a `Response`.
const answerHeaders = { "content-type": "application/json", vary: "trpc-accept, accept" }

export type TrpcOptions = FastifyTRPCPluginOptions<AppRouter>["trpcOptions"]

/** True when tRPC would read the call as streamed (it then refuses a call that is not batched). */
const asksForStream = (request: FastifyRequest) =>
  request.headers["trpc-accept"] !== undefined ||
  (request.headers.accept ?? "").split(",").some((type) => type.trim() === "application/jsonl")

export const registerWhoamiRoute = (
  server: FastifyInstance,
  trpcOptions: TrpcOptions,
  contextFor: (request: FastifyRequest, reply: FastifyReply) => RequestContext
): void => {
  const { router } = trpcOptions
  const config = router._def._config
  const answeredHere = new WeakSet<FastifyReply>()
  const route = {
    // HEAD is tRPC's too (it answers 204 to any HEAD); Fastify would otherwise derive one from this GET.
    exposeHeadRoute: false,
    // A route's own hook runs after the server's (the security headers), as tRPC's headers come last.
    onSend: async (_request: FastifyRequest, reply: FastifyReply) => {
      if (answeredHere.has(reply)) void reply.headers(answerHeaders)
    }
  }
  server.get(whoamiUrl, route, async (request, reply) => {
    if (request.url !== whoamiUrl || asksForStream(request)) {
      return fastifyRequestHandler({ ...trpcOptions, req: request, res: reply, path })
    }
    const ctx = contextFor(request, reply)
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
      const error: TRPCError = getTRPCErrorFromUnknown(cause)
      void reply.status(getHTTPStatusCodeFromError(error))
      body = { error: getTRPCErrorShape({ config, error, type: "query", path, input: undefined, ctx }) }
    }
    answeredHere.add(reply)
    return reply.send(Readable.from([JSON.stringify(transformTRPCResponse(config, body))]))
  })
}
