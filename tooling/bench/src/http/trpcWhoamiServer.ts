import { initTRPC, TRPCError } from "@trpc/server"
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify"
import type { Whoami } from "@verity/domain"
import Fastify from "fastify"
import { type BenchServer, whoamiPath } from "./BenchServer.ts"

type Context = { readonly token: string | null }

const bearerToken = (header: string | undefined): string | null =>
  header === undefined ? null : (/^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? null)

export type WhoamiServerOptions = {
  readonly label: string
  /** Sent as `Authorization: Bearer …` by the load generator. */
  readonly token: string
  /** The answer for a bearer token; undefined answers UNAUTHORIZED. */
  whoami(token: string): Promise<Whoami | undefined>
  /** The same answer, synchronously, for the in-process comparison. */
  answer(token: string): Whoami | undefined
  /** Called after the HTTP server has closed. */
  release?(): Promise<void>
}

/**
 * A `session.whoami` query on the same stack and settings as the API (Fastify, tRPC's Fastify
 * adapter at /trpc, no transformer), with only the answer swapped: what is left is the cost of
 * where that answer comes from.
 */
export const startTrpcWhoamiServer = async (options: WhoamiServerOptions): Promise<BenchServer> => {
  const t = initTRPC.context<Context>().create({ isDev: false })
  const router = t.router({
    session: t.router({
      whoami: t.procedure.query(async ({ ctx }) => {
        const whoami = ctx.token === null ? undefined : await options.whoami(ctx.token)
        if (whoami === undefined) throw new TRPCError({ code: "UNAUTHORIZED" })
        return whoami
      })
    })
  })

  const server = Fastify({ logger: false, forceCloseConnections: "idle", bodyLimit: 64 * 1024 })
  await server.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router,
      createContext: ({ req }): Context => ({ token: bearerToken(req.headers.authorization) })
    }
  } satisfies FastifyTRPCPluginOptions<typeof router>)
  const address = new URL(await server.listen({ port: 0, host: "127.0.0.1" }))
  return {
    label: options.label,
    whoamiUrl: `${address.origin}${whoamiPath}`,
    headers: { authorization: `Bearer ${options.token}` },
    answer: () => options.answer(options.token),
    close: async () => {
      await server.close()
      await options.release?.()
    }
  }
}
