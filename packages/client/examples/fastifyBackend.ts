// Another backend, on Fastify, that serves only signed-in Verity users.
import { createSessionCheck } from "@verity/client/server"
import Fastify, { type FastifyInstance } from "fastify"

export const buildFastifyBackend = (verityUrl: string): FastifyInstance => {
  const checkSession = createSessionCheck({ url: verityUrl })
  const app = Fastify()
  app.get("/me", async (request, reply) => {
    // The request itself: its cookie or bearer token and its x-verity-min-version go to Verity.
    const session = await checkSession(request)
    if (session.status === "unreachable") return reply.status(503).send({ error: "VERITY_UNREACHABLE" })
    if (session.status === "refused") {
      const revokedReason = session.reason === "SESSION_REVOKED" ? session.revokedReason : null
      return reply.status(session.httpStatus).send({ error: session.reason, revokedReason })
    }
    // Pass the version on, so the browser never sees this user older than this answer did.
    return reply
      .headers(session.versionHeaders)
      .send({ email: session.whoami.user.email, emailConfirmed: session.whoami.user.emailConfirmed })
  })
  return app
}
