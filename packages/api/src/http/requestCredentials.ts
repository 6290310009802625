import type { FastifyRequest } from "fastify"
import { sessionCookieName } from "./sessionCookie.ts"

/** The bearer token of `Authorization: Bearer <token>`, if the request has one. */
export const bearerToken = (request: FastifyRequest): string | null => {
  const header = request.headers.authorization
  if (header === undefined) return null
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1] ?? null
}

/** A bearer token wins over the cookie, so a script can act as a session other than the browser's. */
export const sessionToken = (request: FastifyRequest): string | null =>
  bearerToken(request) ?? request.cookies[sessionCookieName] ?? null

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin
  } catch {
    return "invalid"
  }
}

/** Where the browser says the request comes from, if it says: Origin, else the Referer's origin. */
export const isFromOtherSite = (request: FastifyRequest, trustedOrigins: ReadonlySet<string>): boolean => {
  const origin =
    request.headers.origin ?? (request.headers.referer === undefined ? undefined : originOf(request.headers.referer))
  return origin !== undefined && origin !== null && !trustedOrigins.has(origin)
}

/** A header Node may have joined into an array (when sent twice) taken as one value. */
export const singleHeader = (value: string | Array<string> | undefined): string | null =>
  value === undefined ? null : Array.isArray(value) ? value.join(",") : value
