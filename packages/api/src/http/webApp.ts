import fastifyStatic from "@fastify/static"
import type { FastifyInstance } from "fastify"
import { existsSync } from "node:fs"
import { join } from "node:path"

/**
 * Serves the built web app on the API's own origin, so the session cookie needs no CORS. Paths
 * that are not files (e.g. /verify-email, /account) get index.html: the app routes them itself.
 * Answers whether the app was found.
 */
export const serveWebApp = async (server: FastifyInstance, distDir: string): Promise<boolean> => {
  if (!existsSync(join(distDir, "index.html"))) return false
  await server.register(fastifyStatic, { root: distDir, wildcard: false, index: "index.html" })
  server.setNotFoundHandler((request, reply) => {
    const wantsPage =
      request.method === "GET" &&
      !request.url.startsWith("/trpc") &&
      (request.headers.accept ?? "").includes("text/html")
    if (wantsPage) return reply.type("text/html").sendFile("index.html")
    return reply.status(404).send({
      error: {
        message: `No route ${request.method} ${request.url}`,
        code: -32004,
        data: { code: "NOT_FOUND", httpStatus: 404, reason: "NOT_FOUND" }
      }
    })
  })
  return true
}
