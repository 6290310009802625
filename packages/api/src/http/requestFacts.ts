import type { CookieSerializeOptions } from "@fastify/cookie"
import type { IncomingHttpHeaders } from "node:http"

/**
 * What the API reads of a request to build its context. Fastify's request is one; the whoami
 * fast path (whoamiFastPath.ts) makes one of Node's own request, so both paths build the same
 * RequestContext with the same code (requestContext.ts).
 */
export type RequestFacts = {
  /** The request id every log line of the request carries (requestId.ts). */
  readonly id: string
  readonly headers: IncomingHttpHeaders
  /** The client's address, read as TRUST_PROXY says. */
  readonly ip: string
  /** The Cookie header's cookies (the first of a name, as @fastify/cookie parses them). */
  readonly cookies: { readonly [name: string]: string | undefined }
}

/** What the API may do to an answer before it is sent: Fastify's reply is one, the fast path's another. */
export type ReplyControls = {
  header(name: string, value: string): unknown
  setCookie(name: string, value: string, options: CookieSerializeOptions): unknown
  clearCookie(name: string, options: CookieSerializeOptions): unknown
}
