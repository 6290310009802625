// Another backend, on Express: a middleware that lets only signed-in Verity users through.
import { createSessionCheck, type Whoami } from "@verity/client/server"
import express, { type Express, type RequestHandler } from "express"

const requireSession = (verityUrl: string): RequestHandler<never, unknown, unknown, never, { whoami: Whoami }> => {
  const checkSession = createSessionCheck({ url: verityUrl })
  return async (request, response, next) => {
    const session = await checkSession(request)
    if (session.status === "unreachable") return void response.status(503).json({ error: "VERITY_UNREACHABLE" })
    if (session.status === "refused") {
      const revokedReason = session.reason === "SESSION_REVOKED" ? session.revokedReason : null
      return void response.status(session.httpStatus).json({ error: session.reason, revokedReason })
    }
    response.set(session.versionHeaders)
    response.locals.whoami = session.whoami
    next()
  }
}

export const buildExpressBackend = (verityUrl: string): Express => {
  const app = express()
  app.get("/me", requireSession(verityUrl), (_request, response) => {
    const { email, emailConfirmed } = response.locals.whoami.user
    response.json({ email, emailConfirmed })
  })
  return app
}
