// Another backend, on Hono (or any server built on fetch's Request): a middleware that lets only
// signed-in Verity users through.
import { createSessionCheck, type Whoami } from "@verity/client/server"
import { Hono } from "hono"
import { createMiddleware } from "hono/factory"

export const buildHonoBackend = (verityUrl: string): Hono<{ Variables: { whoami: Whoami } }> => {
  const checkSession = createSessionCheck({ url: verityUrl })
  const requireSession = createMiddleware<{ Variables: { whoami: Whoami } }>(async (c, next) => {
    const session = await checkSession(c.req.raw)
    if (session.status === "unreachable") return c.json({ error: "VERITY_UNREACHABLE" }, 503)
    if (session.status === "refused") {
      const revokedReason = session.reason === "SESSION_REVOKED" ? session.revokedReason : null
      return Response.json({ error: session.reason, revokedReason }, { status: session.httpStatus })
    }
    for (const [name, value] of Object.entries(session.versionHeaders)) c.header(name, value)
    c.set("whoami", session.whoami)
    await next()
  })
  return new Hono<{ Variables: { whoami: Whoami } }>().get("/me", requireSession, (c) => {
    const { email, emailConfirmed } = c.get("whoami").user
    return c.json({ email, emailConfirmed })
  })
}
