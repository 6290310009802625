import fastifyCookie from "@fastify/cookie"
import { TRPCError } from "@trpc/server"
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify"
import { isDomainError } from "@verity/domain"
import { StoreHealth } from "@verity/store"
import { Cause, Context, Effect, Exit, Layer, Option, Stream } from "effect"
import Fastify from "fastify"
import type { AppServices } from "../AppLayer.ts"
import { AppConfig } from "../config/AppConfig.ts"
import { CurrentRequestId } from "../requests/CurrentRequestId.ts"
import { type AppRouter, appRouter } from "../trpc/appRouter.ts"
import type { RequestContext } from "../trpc/RequestContext.ts"
import { DomainFailure } from "./DomainFailure.ts"
import { reasonForTrpcCode } from "./errorReasons.ts"
import { minVersionHeader } from "./causalHeaders.ts"
import { bearerToken, isFromOtherSite, sessionToken, singleHeader } from "./requestCredentials.ts"
import { inspectorPath, serveInspectorApp } from "./inspectorApp.ts"
import { inspectorCookieFor, inspectorTokenOf } from "./inspectorCookie.ts"
import { sessionCookieFor } from "./sessionCookie.ts"
import { serveWebApp } from "./webApp.ts"

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

      const iterate: RequestContext["iterate"] = (stream, signal) =>
        Stream.toAsyncIterableWith(
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

      const server = Fastify({
        logger: false,
        // Requests get this long to finish once shutdown begins; idle keep-alive sockets close at once.
        forceCloseConnections: "idle",
        bodyLimit: 64 * 1024,
        // A batched call names every procedure in one path segment (`/trpc/a,b,c`); Fastify's
        // default of 100 characters refuses a page that batches a handful of `inspect.*` reads.
        routerOptions: { maxParamLength: 2_000 }
      })
      // Fastify's `register` answers a thenable, not a Promise; awaiting it is what Fastify documents.
      yield* Effect.promise(async () => {
        await server.register(fastifyCookie)
      })

      // Failures Fastify raises before tRPC runs (a body over the limit, a bad content type) get
      // the same JSON shape and `data.reason` as tRPC's own errors.
      server.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
        const status = error.statusCode ?? 500
        const code =
          status === 413
            ? "PAYLOAD_TOO_LARGE"
            : status === 415
              ? "UNSUPPORTED_MEDIA_TYPE"
              : status < 500
                ? "BAD_REQUEST"
                : "INTERNAL_SERVER_ERROR"
        void reply.status(status).send({
          error: {
            message: status < 500 ? error.message : "Something went wrong on our side.",
            code: -32600,
            data: { code, httpStatus: status, reason: reasonForTrpcCode(code) }
          }
        })
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
            createContext: ({ req, res }): RequestContext => ({
              config,
              run: runFor(req.id),
              iterate,
              token: sessionToken(req),
              bearer: bearerToken(req),
              client: { userAgent: req.headers["user-agent"] ?? null, ip: req.ip },
              fromOtherSite: isFromOtherSite(req, config.trustedOrigins),
              minVersionHeader: singleHeader(req.headers[minVersionHeader]),
              setResponseHeader: (name, value) => void res.header(name, value),
              sessionCookie: sessionCookieFor(res, config.publicUrl),
              inspectorToken: inspectorTokenOf(req, config.publicUrl),
              inspectorCookie: inspectorCookieFor(res, config.publicUrl)
            })
          }
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

      const address = yield* Effect.acquireRelease(
        Effect.promise(() => server.listen({ port: config.port, host: config.host })),
        () => Effect.promise(() => server.close())
      )
      const url = new URL(address)
      yield* Effect.logInfo(
        `Verity API (instance ${config.instanceId}) listening on ${url.origin}; open ${config.publicUrl}`
      )
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
      return HttpServer.of({ url: url.origin })
    })
  )
}
