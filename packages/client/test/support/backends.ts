import { serve } from "@hono/node-server"
import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { buildExpressBackend } from "../../examples/expressBackend.ts"
import { buildFastifyBackend } from "../../examples/fastifyBackend.ts"
import { buildHonoBackend } from "../../examples/honoBackend.ts"

/** One of the README's example backends, listening on a free port of this machine. */
export type RunningBackend = { readonly url: string; close(): Promise<void> }

const closeNodeServer = (server: Server) =>
  new Promise<void>((resolve, reject) => {
    // fetch keeps connections alive; without this, close would wait for them to time out.
    server.closeAllConnections()
    server.close((error) => (error === undefined ? resolve() : reject(error)))
  })

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const startFastify = async (verityUrl: string): Promise<RunningBackend> => {
  const app = buildFastifyBackend(verityUrl)
  const url = await app.listen({ port: 0, host: "127.0.0.1" })
  return { url, close: () => app.close() }
}

const startExpress = (verityUrl: string) =>
  new Promise<RunningBackend>((resolve, reject) => {
    const server = buildExpressBackend(verityUrl).listen(0, "127.0.0.1", (error?: Error) =>
      error === undefined ? resolve({ url: urlOf(server), close: () => closeNodeServer(server) }) : reject(error)
    )
  })

const startHono = (verityUrl: string) =>
  new Promise<RunningBackend>((resolve) => {
    const server = serve({ fetch: buildHonoBackend(verityUrl).fetch, port: 0, hostname: "127.0.0.1" }, () =>
      resolve({ url: urlOf(server as Server), close: () => closeNodeServer(server as Server) })
    )
  })

export const exampleBackends = [
  { framework: "Fastify", start: startFastify },
  { framework: "Express", start: startExpress },
  { framework: "Hono", start: startHono }
] as const
