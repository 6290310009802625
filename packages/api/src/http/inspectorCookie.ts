import type { ReplyControls, RequestFacts } from "./requestFacts.ts"

/**
 * The operator's inspector cookie: its own name, so it is never mistaken for a user's session;
 * HttpOnly, so no script in any page reads it; SameSite=Strict, so no other site's page makes
 * the browser send it; and on https the `__Host-` prefix, which browsers accept only with
 * Secure, Path=/ and no Domain, so no subdomain can set or shadow it. Path=/ because the
 * inspector's page (/inspector) and its procedures (/trpc) both need it.
 */
const cookieNameFor = (publicUrl: string) =>
  publicUrl.startsWith("https:") ? "__Host-verity_inspector" : "verity_inspector"

export const inspectorTokenOf = (request: Pick<RequestFacts, "cookies">, publicUrl: string): string | null =>
  request.cookies[cookieNameFor(publicUrl)] ?? null

export const inspectorCookieFor = (reply: ReplyControls, publicUrl: string) => {
  const name = cookieNameFor(publicUrl)
  const options = { httpOnly: true, sameSite: "strict" as const, secure: publicUrl.startsWith("https:"), path: "/" }
  return {
    set: (token: string, maxAgeSeconds: number) =>
      void reply.setCookie(name, token, { ...options, maxAge: maxAgeSeconds }),
    clear: () => void reply.clearCookie(name, options)
  }
}
