import { initTRPC, TRPCError } from "@trpc/server"
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify"
import { securityHeadersFor, whoamiFastPath } from "@verity/api/server"
import type { Whoami } from "@verity/domain"
import Fastify from "fastify"
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"
import { type BenchServer, whoamiPath } from "./BenchServer.ts"

type Context = { readonly token: string | null }

const bearerToken = (headers: IncomingHttpHeaders): string | null =>
  headers.authorization === undefined ? null : (/^Bearer\s+(\S+)\s*$/i.exec(headers.authorization)?.[1] ?? null)

/**
 * Where the call is answered: tRPC's own adapter on Fastify (how every call of the API is
 * answered, and how whoami was before its fast path), or the API's whoami fast path on Node's
 * own server (what Verity's whoami is answered by now, with the same security headers).
 */
export type WhoamiStack = "fastify" | "fast path"

export type WhoamiServerOptions = {
  readonly label: string
  readonly stack: WhoamiStack
  /** Sent as `Authorization: Bearer …` by the load generator. */
  readonly token: string
  /** The answer for a bearer token; undefined answers UNAUTHORIZED. */
  whoami(token: string): Promise<Whoami | undefined>
  /** The same answer, synchronously, for the in-process comparison. */
  answer(token: string): Whoami | undefined
  /** Called after the HTTP server has closed. */
  release?(): Promise<void>
}

const routerFor = (options: WhoamiServerOptions) => {
  const t = initTRPC.context<Context>().create({ isDev: false })
  return t.router({
    session: t.router({
      whoami: t.procedure.query(async ({ ctx }) => {
        const whoami = ctx.token === null ? undefined : await options.whoami(ctx.token)
        if (whoami === undefined) throw new TRPCError({ code: "UNAUTHORIZED" })
        return whoami
      })
    })
  })
}

const onFastify = async (router: ReturnType<typeof routerFor>) => {
  const server = Fastify({ logger: false, forceCloseConnections: "idle", bodyLimit: 64 * 1024 })
  await server.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: { router, createContext: ({ req }): Context => ({ token: bearerToken(req.headers) }) }
  } satisfies FastifyTRPCPluginOptions<typeof router>)
  const address = new URL(await server.listen({ port: 0, host: "127.0.0.1" }))
  return { origin: address.origin, close: () => server.close() }
}

const onFastPath = async (router: ReturnType<typeof routerFor>) => {
  const fastPath = whoamiFastPath({
    router,
    contextFor: (request): Context => ({ token: bearerToken(request.headers) }),
    securityHeaders: securityHeadersFor("http://127.0.0.1"),
    clientAddressOf: (request) => request.socket.remoteAddress ?? "",
    draining: () => false,
    onUnexpected: (_error, _requestId, response) => response.destroy()
  })
  const server = createServer((request, response) => {
    if (!fastPath(request, response)) response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
      })
  }
}

/**
 * A `session.whoami` query on the API's settings (tRPC, no transformer), on either stack, with only
 * the answer swapped: what is left is the cost of where that answer comes from.
 */
export const startTrpcWhoamiServer = async (options: WhoamiServerOptions): Promise<BenchServer> => {
  const router = routerFor(options)
  const server = options.stack === "fastify" ? await onFastify(router) : await onFastPath(router)
  return {
    label: options.label,
    whoamiUrl: `${server.origin}${whoamiPath}`,
    headers: { authorization: `Bearer ${options.token}` },
    answer: () => options.answer(options.token),
    close: async () => {
      await server.close()
      await options.release?.()
    }
  }
}
