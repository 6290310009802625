import { minVersionHeader } from "../causalConsistency.ts"

// What another backend's incoming request carries for Verity: the session (the cookie a browser
// sends, or a bearer token a program sends) and the highest user version the caller has seen.
// Requests come in two shapes: fetch's `Request` (Hono, any fetch-based server) and Node's
// header record (Fastify, Express, node:http), so both are read here.

/** Node's incoming headers, as Fastify, Express and node:http give them. */
export type NodeHeaders = { readonly [name: string]: string | ReadonlyArray<string> | undefined }

/** Anything with headers: a fetch `Request`, a Fastify or Express request, a node:http message. */
export type IncomingRequest = { readonly headers: Headers | NodeHeaders }

/** The name of Verity's session cookie when its PUBLIC_URL is http (local use). */
export const sessionCookieName = "verity_session"

/** Its name when PUBLIC_URL is https: the `__Host-` prefix keeps other hosts from setting it. */
export const secureSessionCookieName = `__Host-${sessionCookieName}`

export type IncomingCredentials = {
  /** The headers to send Verity: the bearer token, else the session cookie alone, if any. */
  readonly session: Readonly<Record<string, string>> | null
  /** `x-verity-min-version`, passed on as it came: Verity itself judges it. */
  readonly minVersion: string | null
}

const headerOf = (headers: Headers | NodeHeaders, name: string): string | null => {
  if (headers instanceof Headers) return headers.get(name)
  const value = headers[name]
  if (value === undefined) return null
  return typeof value === "string" ? value : value.join(", ")
}

const bearerTokenOf = (authorization: string | null): string | null =>
  authorization === null ? null : (/^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? null)

/** The Cookie header's pairs named like Verity's session cookie (either name), as they came. */
const sessionCookiePairs = (cookieHeader: string | null): ReadonlyArray<string> =>
  (cookieHeader ?? "")
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => {
      const [name, value = ""] = pair.split("=", 2)
      return (name === sessionCookieName || name === secureSessionCookieName) && value !== ""
    })

/**
 * Only Verity's own cookie is passed on: the backend's other cookies are none of Verity's
 * business. Every session cookie goes as it came, so Verity judges it as it would the browser's
 * (two of them are refused there, not read as the first here).
 */
export const incomingCredentials = (request: IncomingRequest): IncomingCredentials => {
  const bearer = bearerTokenOf(headerOf(request.headers, "authorization"))
  const cookies = sessionCookiePairs(headerOf(request.headers, "cookie"))
  const session =
    bearer !== null ? { authorization: `Bearer ${bearer}` } : cookies.length > 0 ? { cookie: cookies.join("; ") } : null
  return { session, minVersion: headerOf(request.headers, minVersionHeader) }
}
