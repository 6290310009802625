// Over 200 lines on purpose: Fastify's assembly in the order it must run (limits, headers, cookies, the tRPC seam, the served apps); split, the order would be hidden.
import fastifyCookie from "@fastify/cookie"
import { TRPCError } from "@trpc/server"
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify"
import { isDomainError, StoreUnavailable } from "@verity/domain"
import { StoreError, StoreHealth } from "@verity/store"
import { Cause, Context, Duration, Effect, Exit, Layer, Option, Schedule, Stream } from "effect"
import Fastify, { type FastifyReply } from "fastify"
import { createServer, STATUS_CODES } from "node:http"
import type { AppServices } from "../AppLayer.ts"
import { AppConfig } from "../config/AppConfig.ts"
import { StartupFailure } from "../config/StartupFailure.ts"
import { Shutdown } from "../lifecycle/Shutdown.ts"
import { startupReport } from "../lifecycle/startupReport.ts"
import { listenForMetrics } from "../observability/metricsListener.ts"
import { CurrentRequestId } from "../requests/CurrentRequestId.ts"
import { type AppRouter, appRouter } from "../trpc/appRouter.ts"
import type { RequestContext } from "../trpc/RequestContext.ts"
import { DomainFailure } from "./DomainFailure.ts"
import { apiErrorBody } from "./apiErrorBody.ts"
import { clientAddressReader } from "./clientAddress.ts"
import { inspectorPath, serveInspectorApp } from "./inspectorApp.ts"
import { contextFor } from "./requestContext.ts"
import { requestIdHeader, requestIdOf } from "./requestId.ts"
import { registerSecurityHeaders, securityHeadersFor } from "./securityHeaders.ts"
import { serveWebApp } from "./webApp.ts"
import { whoamiFastPath } from "./whoamiFastPath.ts"

/**
 * Calls one HTTP request may batch. Each may hash a password, so an unbounded batch would be an
 * amplifier; @verity/client's links send at most this many (packages/client, maxBatchItems).
 */
export const maxBatchSize = 10

const clientErrorMessages: Readonly<Record<number, string>> = {
  408: "The request did not arrive in time.",
  431: "The request's headers are too large."
}

const partOfRequest = <A, E, R>(program: Effect.Effect<A, E, R>, requestId: string) =>
  program.pipe(Effect.provideService(CurrentRequestId, requestId), Effect.annotateLogs({ requestId }))

// /readyz is public and polled: one store probe (a synced write) serves every check for a second.
const readinessProbeInterval = Duration.seconds(1)
// While draining, keep-alive sockets that just finished their last request are closed this often.
const idleSweepInterval = Duration.millis(100)

/**
 * An SSE stream that ends with an AbortError closes without tRPC's `return` event, so the
 * client's EventSource reconnects (to whichever instance now answers), sending its last event id.
 */
const serverGoingAway = () => new DOMException("The server is shutting down", "AbortError")

/** The listening HTTP server: tRPC at /trpc, plus /healthz and /readyz. */
export class HttpServer extends Context.Service<
  HttpServer,
  {
    /** Where it listens, e.g. http://127.0.0.1:3000 (the real port when PORT=0). */
    readonly url: string
    /** Where Prometheus scrapes, when METRICS_PORT is set. */
    readonly metricsUrl: Option.Option<string>
  }
>()("@verity/api/http/HttpServer") {
  static readonly layer = Layer.effect(
    HttpServer,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const shutdown = yield* Shutdown
      const services = yield* Effect.context<AppServices>()
      const runExit = Effect.runPromiseExitWith(services)
      const logFor = (requestId: string, log: Effect.Effect<void>) => runExit(partOfRequest(log, requestId))

      /**
       * The one translation of a failed program into what the client sees: a domain failure keeps
       * its reason; a store that cannot answer is 503 STORE_UNAVAILABLE (the request may be
       * retried); anything else is a 500 whose details stay in the log.
       */
      const failureFor = async (cause: Cause.Cause<unknown>, requestId: string): Promise<TRPCError> => {
        const failure = Option.getOrUndefined(Cause.findErrorOption(cause))
        if (isDomainError(failure)) return new DomainFailure(failure)
        const storeFailed = failure instanceof StoreError
        await logFor(
          requestId,
          Effect.logError(storeFailed ? "Store unavailable" : "Request failed", Cause.pretty(cause))
        )
        return storeFailed
          ? new DomainFailure(new StoreUnavailable())
          : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: Cause.squash(cause) })
      }

      const iterateFor =
        (requestId: string): RequestContext["iterate"] =>
        (stream, signal) =>
          Stream.toAsyncIterableWith(
            stream.pipe(
              Stream.interruptWhen(
                Effect.callback<void>((resume) => {
                  if (signal === undefined) return
                  if (signal.aborted) return resume(Effect.void)
                  signal.addEventListener("abort", () => resume(Effect.void), { once: true })
                })
              ),
              // Draining ends every stream at once: an open stream would keep the process alive.
              Stream.interruptWhen(Effect.andThen(shutdown.draining.await, Effect.die(serverGoingAway()))),
              Stream.catchCause((cause) =>
                Cause.hasDies(cause)
                  ? Stream.failCause(cause)
                  : Stream.fromEffect(Effect.promise(() => failureFor(cause, requestId))).pipe(
                      Stream.flatMap(Stream.die)
                    )
              )
            ),
            services
          )

      /** Runs a procedure's program as part of one request: its log lines and session steps name it. */
      const runFor =
        (requestId: string): RequestContext["run"] =>
        async (effect) => {
          const exit = await runExit(partOfRequest(effect, requestId))
          if (Exit.isSuccess(exit)) return exit.value
          throw await failureFor(exit.cause, requestId)
        }

      const idleMs = Duration.toMillis(config.httpIdleTimeout)
      const requestMs = Duration.toMillis(config.httpRequestTimeout)
      const securityHeaders = securityHeadersFor(config.publicUrl)
      const contextOf = contextFor(config, runFor, iterateFor)
      let draining = false
      const fastPath = whoamiFastPath({
        router: appRouter,
        contextFor: contextOf,
        securityHeaders,
        clientAddressOf: clientAddressReader(config.trustedProxies),
        draining: () => draining,
        onUnexpected: (error, requestId, response) => {
          void logFor(
            requestId,
            Effect.logError("Request failed", error instanceof Error ? error.stack : String(error))
          )
          if (response.headersSent) return void response.destroy()
          response.writeHead(500, { "content-type": "application/json" })
          response.end(JSON.stringify(apiErrorBody(500, "")))
        }
      })
      const server = Fastify({
        logger: false,
        genReqId: (request) => requestIdOf(request.headers),
        // Idle keep-alive sockets close at once when shutdown begins; requests get the drain window.
        forceCloseConnections: "idle",
        bodyLimit: 64 * 1024,
        // Only the listed proxies' X-Forwarded-For is believed (the right-most address that is not
        // one of them is the client); without TRUST_PROXY anyone could claim any address.
        trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
        // Node's server, with the whoami fast path in front of Fastify (whoamiFastPath.ts).
        serverFactory: (fastify) => {
          const http = createServer(
            {
              // The whole request, headers and body, must arrive in this time: a slowloris that
              // trickles bytes to dodge the idle timeout is cut off (answered 408).
              requestTimeout: requestMs,
              headersTimeout: requestMs,
              // Between two requests on a kept-alive connection; behind a proxy, keep the proxy's shorter.
              keepAliveTimeout: idleMs,
              // How often Node checks requests against those limits (its default, 30 s, would let one run on).
              connectionsCheckingInterval: Math.min(1_000, requestMs)
            },
            (request, response) => {
              if (!fastPath(request, response)) fastify(request, response)
            }
          )
          // A connection that sends and receives nothing (a stuck client, a connect-and-wait flood)
          // is closed; `session.changes` pings every 15 s, so a live stream never looks idle.
          http.setTimeout(idleMs)
          // Connections past this are closed on arrival, before they cost a request or a file descriptor more.
          http.maxConnections = config.maxConnections
          return http
        },
        // A batch names all its procedures in the path: room for a full batch of the longest names.
        routerOptions: { maxParamLength: maxBatchSize * 40 },
        // Raised before any route runs (an over-long path, a malformed URL): the API's error shape.
        frameworkErrors: (error, _request, reply) => {
          const status = error.statusCode ?? 400
          // Typed generically over every route's schemas; this reply belongs to no route.
          void (reply as unknown as FastifyReply).status(status).send(apiErrorBody(status, error.message))
        },
        // Raised by Node's HTTP parser, before Fastify has a request (headers too large, a request too
        // slow, bytes that are not HTTP): answered on the socket itself, in the API's error shape.
        clientErrorHandler: (error, socket) => {
          if (error.code === "ECONNRESET" || socket.destroyed) return
          const status =
            error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400
          const body = JSON.stringify(apiErrorBody(status, clientErrorMessages[status] ?? "Malformed request."))
          if (socket.writable) {
            socket.write(
              `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
                `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
            )
          }
          socket.destroy(error)
        }
      })
      server.addHook("onRequest", async (request, reply) => {
        void reply.header(requestIdHeader, request.id)
      })
      // Fastify's `register` answers a thenable, not a Promise; awaiting it is what Fastify documents.
      yield* Effect.promise(async () => {
        await server.register(fastifyCookie)
      })
      registerSecurityHeaders(server, securityHeaders)

      // A mutation's body is JSON, or it is refused before tRPC reads it: the other types a page of
      // another site can send without asking (form posts, text/plain) never reach a procedure.
      server.addHook("onRequest", async (request, reply) => {
        if (request.method !== "POST" || !request.url.startsWith("/trpc/")) return
        const mediaType = (request.headers["content-type"] ?? "").split(";", 1)[0]!.trim().toLowerCase()
        if (mediaType === "application/json") return
        return reply
          .status(415)
          .send(apiErrorBody(415, "Calls with a body must send it as application/json (Content-Type)."))
      })

      // Failures Fastify raises before tRPC runs (a body over the limit, a bad content type) get
      // the same JSON shape and `data.reason` as tRPC's own errors.
      server.setErrorHandler(async (error: { statusCode?: number; message: string }, request, reply) => {
        const status = error.statusCode ?? 500
        if (status >= 500) await logFor(request.id, Effect.logError("Request failed", error.message))
        return reply.status(status).send(apiErrorBody(status, error.message))
      })

      server.get("/healthz", async () => ({ ok: true }))
      let readiness: { readonly atMs: number; readonly ready: Promise<boolean> } | undefined
      server.get("/readyz", async (_request, reply) => {
        const nowMs = Date.now()
        if (readiness === undefined || nowMs - readiness.atMs >= Duration.toMillis(readinessProbeInterval)) {
          readiness = { atMs: nowMs, ready: runExit(StoreHealth.use((health) => health.ping)).then(Exit.isSuccess) }
        }
        return (await readiness.ready)
          ? { ok: true }
          : reply.status(503).send({ ok: false, error: "The store cannot take writes." })
      })

      yield* Effect.promise(async () => {
        await server.register(fastifyTRPCPlugin, {
          prefix: "/trpc",
          trpcOptions: { router: appRouter, maxBatchSize, createContext: ({ req, res }) => contextOf(req, res) }
        } satisfies FastifyTRPCPluginOptions<AppRouter>)
      })

      // The inspector exists only with an operator token to sign in with.
      const inspectorDistDir = Option.isSome(config.adminToken)
        ? Option.getOrUndefined(config.inspectorDistDir)
        : undefined
      const inspectorApp =
        inspectorDistDir !== undefined && (yield* Effect.promise(() => serveInspectorApp(server, inspectorDistDir)))
      const webDistDir = Option.getOrUndefined(config.webDistDir)
      const webApp = webDistDir !== undefined && (yield* Effect.promise(() => serveWebApp(server, webDistDir)))
      server.setNotFoundHandler((request, reply) => {
        // The app routes its own paths (/verify-email, /account): a page asked for gets index.html.
        const wantsPage =
          webApp &&
          request.method === "GET" &&
          !request.url.startsWith("/trpc") &&
          (request.headers.accept ?? "").includes("text/html")
        if (wantsPage) return reply.type("text/html").sendFile("index.html")
        return reply.status(404).send(apiErrorBody(404, `No route ${request.method} ${request.url}`))
      })

      /**
       * SIGTERM: end the streams, stop accepting, give in-flight requests what is left of the drain
       * window, then cut whatever still runs. The outbox flush and the store close after this.
       */
      const drain = Effect.gen(function* () {
        yield* shutdown.begin
        draining = true
        const closed = Effect.promise(() => server.close())
        // Node closes idle sockets once, when closing starts; a request that finishes later leaves
        // its keep-alive socket open, which would hold the close until the window ends.
        const sweepIdle = Effect.sync(() => server.server.closeIdleConnections()).pipe(
          Effect.repeat(Schedule.spaced(idleSweepInterval)),
          Effect.andThen(Effect.never)
        )
        const finished = yield* Effect.race(closed, sweepIdle).pipe(Effect.timeoutOption(yield* shutdown.remaining))
        if (Option.isNone(finished)) {
          yield* Effect.logWarning("Requests still running at the end of SHUTDOWN_DRAIN_TIMEOUT: closing them")
          server.server.closeAllConnections()
          yield* closed
        }
      })

      const address = yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: () => server.listen({ port: config.port, host: config.host }),
          catch: (error) => listenFailure(error, "PORT", config.port, config.host)
        }),
        () => drain
      )
      const url = new URL(address)
      yield* Effect.logInfo(
        `Verity API (instance ${config.instanceId}) listening on ${url.origin}; open ${config.publicUrl}`
      )
      for (const line of startupReport(config)) yield* Effect.logInfo(line)
      yield* webApp
        ? Effect.logInfo(`Serving the web app from ${webDistDir}`)
        : Effect.logInfo(
            `No built web app in ${webDistDir ?? "WEB_DIST_DIR (unset)"}: serving the API only (npm start builds it)`
          )
      yield* inspectorApp
        ? Effect.logInfo(`Serving the inspector at ${config.publicUrl}${inspectorPath} from ${inspectorDistDir}`)
        : Effect.logInfo(
            Option.isNone(config.adminToken)
              ? "The inspector is off (ADMIN_TOKEN is not set)"
              : `No built inspector in ${inspectorDistDir ?? "INSPECTOR_DIST_DIR (unset)"}: inspect.* answers, /inspector does not (npm start builds it)`
          )
      const metricsUrl = yield* Option.match(config.metrics, {
        onNone: () => Effect.succeed(Option.none<string>()),
        onSome: ({ port, host }) =>
          listenForMetrics(port, host).pipe(
            Effect.mapError((error) => listenFailure(error, "METRICS_PORT", port, host)),
            Effect.tap((metrics) => Effect.logInfo(`Prometheus metrics at ${metrics}`)),
            Effect.map(Option.some)
          )
      })
      return HttpServer.of({ url: url.origin, metricsUrl })
    })
  )
}

/** A listener that could not open, said in the operator's terms (the variable, and what to do). */
const listenFailure = (error: unknown, variable: string, port: number, host: string): StartupFailure => {
  const code = (error as { code?: unknown } | null)?.code
  const problem =
    code === "EADDRINUSE"
      ? `port ${port} on ${host} is already in use`
      : code === "EACCES"
        ? `this user may not listen on port ${port}`
        : code === "EADDRNOTAVAIL" || code === "ENOTFOUND"
          ? `${host} (HOST) is not an address of this machine`
          : `cannot listen on ${host}:${port} (${error instanceof Error ? error.message : String(error)})`
  return new StartupFailure({
    variable,
    problem,
    fix:
      code === "EADDRINUSE"
        ? `Stop whatever listens there, or set ${variable} to a free port (0 picks one).`
        : `Set ${variable} (and HOST) to a port and address this server may use.`
  })
}
