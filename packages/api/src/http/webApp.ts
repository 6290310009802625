import fastifyStatic from "@fastify/static"
import type { FastifyInstance } from "fastify"
import { existsSync } from "node:fs"
import { join } from "node:path"

/**
 * Serves the built web app on the API's own origin, so the session cookie needs no CORS. Paths
 * that are not files (e.g. /verify-email, /account) are the server's not-found handler's to
 * answer with index.html (`reply.sendFile` comes from here). Answers whether the app was found.
 */
export const serveWebApp = async (server: FastifyInstance, distDir: string): Promise<boolean> => {
  if (!existsSync(join(distDir, "index.html"))) return false
  await server.register(fastifyStatic, { root: distDir, wildcard: false, index: "index.html" })
  return true
}
