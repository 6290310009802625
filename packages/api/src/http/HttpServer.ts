import fastifyCookie from "@fastify/cookie"
import { TRPCError } from "@trpc/server"
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify"
import { isDomainError } from "@verity/domain"
import { StoreHealth } from "@verity/store"
import { Cause, Context, Duration, Effect, Exit, Layer, Option, Stream } from "effect"
import Fastify, { type FastifyReply } from "fastify"
import { STATUS_CODES } from "node:http"
import type { AppServices } from "../AppLayer.ts"
import { AppConfig } from "../config/AppConfig.ts"
import { CurrentRequestId } from "../requests/CurrentRequestId.ts"
import { type AppRouter, appRouter } from "../trpc/appRouter.ts"
import type { RequestContext } from "../trpc/RequestContext.ts"
import { DomainFailure } from "./DomainFailure.ts"
import { apiErrorBody } from "./apiErrorBody.ts"
import { minVersionHeader } from "./causalHeaders.ts"
import { deviceCookieFor, deviceTokens } from "./deviceCookie.ts"
import { bearerToken, isFromOtherSite, sessionCredential, singleHeader } from "./requestCredentials.ts"
import { registerSecurityHeaders } from "./securityHeaders.ts"
import { sessionCookieFor } from "./sessionCookie.ts"
import { serveWebApp } from "./webApp.ts"

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

/** The listening HTTP server: tRPC at /trpc, plus /healthz and /readyz. */
export class HttpServer extends Context.Service<
  HttpServer,
  {
    /** Where it listens, e.g. http://127.0.0.1:3000 (the real port when PORT=0). */
    readonly url: string
  }
>()("@verity/api/http/HttpServer") {
  static readonly layer = Layer.effect(
    HttpServer,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const services = yield* Effect.context<AppServices>()
      const runExit = Effect.runPromiseExitWith(services)

      const iterate: RequestContext["iterate"] = (domainStream, signal) => {
        const stream = Stream.mapError(domainStream, (error) => new DomainFailure(error))
        return Stream.toAsyncIterableWith(
          signal === undefined
            ? stream
            : Stream.interruptWhen(
                stream,
                Effect.callback<void>((resume) => {
                  if (signal.aborted) return resume(Effect.void)
                  signal.addEventListener("abort", () => resume(Effect.void), { once: true })
                })
              ),
          services
        )
      }

      /** Runs a procedure's program as part of one request: its log lines and session steps name it. */
      const runFor =
        (requestId: string): RequestContext["run"] =>
        async (effect) => {
          const exit = await runExit(partOfRequest(effect, requestId))
          if (Exit.isSuccess(exit)) return exit.value
          const failure = Cause.findErrorOption(exit.cause)
          if (Option.isSome(failure) && isDomainError(failure.value)) throw new DomainFailure(failure.value)
          await runExit(partOfRequest(Effect.logError("Request failed", Cause.pretty(exit.cause)), requestId))
          throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: Cause.squash(exit.cause) })
        }

      const idleMs = Duration.toMillis(config.httpIdleTimeout)
      const requestMs = Duration.toMillis(config.httpRequestTimeout)
      const server = Fastify({
        logger: false,
        // Requests get this long to finish once shutdown begins; idle keep-alive sockets close at once.
        forceCloseConnections: "idle",
        bodyLimit: 64 * 1024,
        // Only the listed proxies' X-Forwarded-For is believed (the right-most address that is not
        // one of them is the client); without TRUST_PROXY anyone could claim any address.
        trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
        // A connection that sends and receives nothing (a stuck client, a connect-and-wait flood)
        // is closed; `session.changes` pings every 15 s, so a live stream never looks idle.
        connectionTimeout: idleMs,
        // Between two requests on a kept-alive connection; behind a proxy, keep the proxy's shorter.
        keepAliveTimeout: idleMs,
        // The whole request, headers and body, must arrive in this time: a slowloris that trickles
        // bytes to dodge the idle timeout is cut off (answered 408).
        requestTimeout: requestMs,
        http: {
          headersTimeout: requestMs,
          // How often Node checks requests against those limits (its default, 30 s, would let one run on).
          connectionsCheckingInterval: Math.min(1_000, requestMs)
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
      // Connections past this are closed on arrival, before they cost a request or a file descriptor more.
      server.server.maxConnections = config.maxConnections
      // Fastify's `register` answers a thenable, not a Promise; awaiting it is what Fastify documents.
      yield* Effect.promise(async () => {
        await server.register(fastifyCookie)
        await registerSecurityHeaders(server, config.publicUrl)
      })

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
      server.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
        const status = error.statusCode ?? 500
        void reply.status(status).send(apiErrorBody(status, error.message))
      })

      server.get("/healthz", async () => ({ ok: true }))
      server.get("/readyz", async (_request, reply) => {
        const exit = await runExit(StoreHealth.use((health) => health.ping))
        return Exit.isSuccess(exit)
          ? { ok: true }
          : reply.status(503).send({ ok: false, error: "The store does not answer." })
      })

      yield* Effect.promise(async () => {
        await server.register(fastifyTRPCPlugin, {
          prefix: "/trpc",
          trpcOptions: {
            router: appRouter,
            maxBatchSize,
            createContext: ({ req, res }): RequestContext => {
              const credential = sessionCredential(req, config.publicUrl)
              return {
                config,
                run: runFor(req.id),
                iterate,
                token: "token" in credential ? credential.token : null,
                ambiguousSession: "ambiguous" in credential,
                bearer: bearerToken(req),
                client: { userAgent: req.headers["user-agent"] ?? null, ip: req.ip },
                deviceTokens: deviceTokens(req),
                rememberDevice: deviceCookieFor(res, config.publicUrl),
                fromOtherSite: isFromOtherSite(req, config.trustedOrigins),
                minVersionHeader: singleHeader(req.headers[minVersionHeader]),
                setResponseHeader: (name, value) => void res.header(name, value),
                sessionCookie: sessionCookieFor(res, config.publicUrl)
              }
            }
          }
        } satisfies FastifyTRPCPluginOptions<AppRouter>)
      })

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

      const address = yield* Effect.acquireRelease(
        Effect.promise(() => server.listen({ port: config.port, host: config.host })),
        () => Effect.promise(() => server.close())
      )
      const url = new URL(address)
      yield* Effect.logInfo(`Verity API listening on ${url.origin}; open ${config.publicUrl}`)
      yield* webApp
        ? Effect.logInfo(`Serving the web app from ${webDistDir}`)
        : Effect.logInfo(
            `No built web app in ${webDistDir ?? "WEB_DIST_DIR (unset)"}: serving the API only (npm start builds it)`
          )
      return HttpServer.of({ url: url.origin })
    })
  )
}
