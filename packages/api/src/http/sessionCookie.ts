import type { FastifyReply } from "fastify"

export const sessionCookieName = "verity_session"

/** HttpOnly so scripts never see the token; Lax so a cross-site POST does not carry it. */
export const sessionCookieFor = (reply: FastifyReply, publicUrl: string) => {
  const options = {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: publicUrl.startsWith("https:"),
    path: "/"
  }
  return {
    set: (token: string, maxAgeSeconds: number) =>
      void reply.setCookie(sessionCookieName, token, { ...options, maxAge: maxAgeSeconds }),
    clear: () => void reply.clearCookie(sessionCookieName, options)
  }
}
