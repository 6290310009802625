import type { ReplyControls } from "./requestFacts.ts"

/** Over http (local use), the plain name: browsers accept `__Host-` cookies only when Secure. */
const plainName = "verity_session"

/**
 * Over https, `__Host-`: the browser then takes the cookie only from this host itself, Secure,
 * for the whole site and no Domain, so a sibling subdomain (or a network attacker over http)
 * cannot plant a session cookie of its own beside the user's.
 */
const hostOnlyName = `__Host-${plainName}`

export const sessionCookieName = (publicUrl: string): string =>
  publicUrl.startsWith("https:") ? hostOnlyName : plainName

/** HttpOnly so scripts never see the token; Lax so a cross-site POST does not carry it. */
export const sessionCookieFor = (reply: ReplyControls, publicUrl: string) => {
  const name = sessionCookieName(publicUrl)
  const options = {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: publicUrl.startsWith("https:"),
    path: "/"
  }
  return {
    set: (token: string, maxAgeSeconds: number) =>
      void reply.setCookie(name, token, { ...options, maxAge: maxAgeSeconds }),
    clear: () => void reply.clearCookie(name, options)
  }
}
