import fastifyStatic from "@fastify/static"
import type { FastifyInstance } from "fastify"
import { existsSync } from "node:fs"
import { readFile } from "node:fs/promises"
import { join } from "node:path"

/** Where the built inspector is served (its Vite `base`). */
export const inspectorPath = "/inspector/"

/**
 * Serves the built inspector at /inspector/ on the API's own origin, so its cookie and its
 * procedures need no CORS; `/inspector` redirects there. Paths under it that are not files get
 * its index.html (the inspector routes them itself). The host calls this only when ADMIN_TOKEN
 * is set. Answers whether the inspector was found.
 */
export const serveInspectorApp = async (server: FastifyInstance, distDir: string): Promise<boolean> => {
  const indexFile = join(distDir, "index.html")
  if (!existsSync(indexFile)) return false
  // The web app (at the root) may decorate replies with sendFile already; this one does not need to.
  await server.register(fastifyStatic, {
    root: distDir,
    prefix: inspectorPath,
    decorateReply: false,
    wildcard: false,
    index: "index.html",
    redirect: true
  })
  await server.register(
    async (inspector) => {
      inspector.setNotFoundHandler(async (request, reply) => {
        const wantsPage = request.method === "GET" && (request.headers.accept ?? "").includes("text/html")
        if (wantsPage) return reply.type("text/html").send(await readFile(indexFile))
        return reply.status(404).send({
          error: {
            message: `No route ${request.method} ${request.url}`,
            code: -32004,
            data: { code: "NOT_FOUND", httpStatus: 404, reason: "NOT_FOUND" }
          }
        })
      })
    },
    { prefix: inspectorPath }
  )
  return true
}
