import type { RequestFacts } from "./requestFacts.ts"
import { sessionCookieName } from "./sessionCookie.ts"

/** The bearer token of `Authorization: Bearer <token>`, if the request has one. */
export const bearerToken = (request: Pick<RequestFacts, "headers">): string | null => {
  const header = request.headers.authorization
  if (header === undefined) return null
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1] ?? null
}

/** What a request says about its session. */
export type SessionCredential =
  | { readonly token: string | null }
  /** Two session cookies (one planted beside the user's): which is the user's cannot be told. */
  | { readonly ambiguous: true }

/** How many cookies of that name the raw Cookie header carries (the parser keeps only the first). */
const cookiesNamed = (request: Pick<RequestFacts, "headers">, name: string): number =>
  (singleHeader(request.headers.cookie) ?? "").split(";").filter((pair) => pair.split("=", 1)[0]!.trim() === name)
    .length

/**
 * A bearer token wins over the cookie, so a script can act as a session other than the browser's.
 * Two session cookies are refused rather than read as the first: an attacker who planted one
 * (from a sibling subdomain, or over http) would otherwise have the browser act in their session.
 */
export const sessionCredential = (request: RequestFacts, publicUrl: string): SessionCredential => {
  const bearer = bearerToken(request)
  if (bearer !== null) return { token: bearer }
  const name = sessionCookieName(publicUrl)
  if (cookiesNamed(request, name) > 1) return { ambiguous: true }
  return { token: request.cookies[name] ?? null }
}

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin
  } catch {
    return "invalid"
  }
}

/**
 * Whether the browser says the request comes from a page of another origin: its Origin, else its
 * Referer's origin, is not trusted; or it names neither but its `Sec-Fetch-Site` (which a script
 * cannot set) says another site sent it.
 */
export const isFromOtherSite = (
  request: Pick<RequestFacts, "headers">,
  trustedOrigins: ReadonlySet<string>
): boolean => {
  const origin =
    request.headers.origin ?? (request.headers.referer === undefined ? undefined : originOf(request.headers.referer))
  if (origin !== undefined && origin !== null) return !trustedOrigins.has(origin)
  const site = singleHeader(request.headers["sec-fetch-site"])
  return site === "cross-site" || site === "same-site"
}

/** A header Node may have joined into an array (when sent twice) taken as one value. */
export const singleHeader = (value: string | Array<string> | undefined): string | null =>
  value === undefined ? null : Array.isArray(value) ? value.join(",") : value
