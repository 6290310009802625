import type { FastifyInstance } from "fastify"
import helmet, { type HelmetOptions } from "helmet"
import type { ServerResponse } from "node:http"

/**
 * What a page the API serves (the web app, and the inspector under /inspector/) may load and do:
 * only what comes from its own origin, no inline script at all, never inside another site's
 * frame. The same policy fits both apps: their scripts and stylesheets are files of the build,
 * React sets `style` properties through the CSSOM (which style-src does not govern; React Flow
 * places the inspector's nodes that way too), and the inspector's layout Web Worker is a module
 * of its own origin. So neither 'unsafe-inline' nor style hashes are needed; the browser tests of
 * both apps load every page under it and fail on any violation.
 */
export const contentSecurityPolicy = (publicUrl: string): string =>
  Object.entries({
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    // tRPC's calls and the session.changes event stream go to the page's own origin.
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    // Nothing may frame a page of the app: no clickjacking of "Sign out everywhere" or a password form.
    "frame-ancestors": ["'none'"],
    // Over https, a stray http:// reference is fetched over https rather than in the clear.
    ...(isHttps(publicUrl) ? { "upgrade-insecure-requests": [] } : {})
  })
    .map(([directive, sources]) => [directive, ...sources].join(" "))
    .join("; ")

const isHttps = (publicUrl: string) => publicUrl.startsWith("https:")

/** Every API answer is about one session or one user, or carries a token: no cache or back button may keep it. */
export const apiAnswerCacheControl = "no-store"

/** The headers every answer carries, in the order and spelling they are sent. */
export type SecurityHeaders = ReadonlyArray<readonly [name: string, value: string]>

const helmetOptions = (publicUrl: string): HelmetOptions => ({
  // Added after helmet's, from the one policy the browser tests load the apps under.
  contentSecurityPolicy: false,
  // The landing pages carry tokens in their address: no Referer may take it anywhere.
  referrerPolicy: { policy: "no-referrer" },
  frameguard: { action: "deny" },
  // Only over https (a browser ignores it over http, and it would pin a local http setup);
  // helmet's year, subdomains included: the session cookie must never travel in the clear.
  strictTransportSecurity: isHttps(publicUrl) ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false
})

/**
 * Helmet's headers with the choices above, then the policy. Without a policy of its own,
 * helmet's headers depend on its options alone (none of its middlewares reads the request), so
 * they are worked out once, by running helmet on a response that only records them, and every
 * answer gets the same list: Fastify's (registerSecurityHeaders) and the whoami fast path's.
 */
export const securityHeadersFor = (publicUrl: string): SecurityHeaders => {
  const recorded = new Map<string, string>()
  const recorder = {
    setHeader: (name: string, value: string) => void recorded.set(name, String(value)),
    removeHeader: (name: string) => void recorded.delete(name)
  }
  let failure: unknown
  helmet(helmetOptions(publicUrl))({} as never, recorder as unknown as ServerResponse, (error) => {
    failure = error
  })
  if (failure !== undefined) throw failure
  return [...recorded, ["Content-Security-Policy", contentSecurityPolicy(publicUrl)]]
}

/** Sets the list on Node's response itself, where helmet sets them: they precede Fastify's own headers. */
export const applySecurityHeaders = (response: ServerResponse, headers: SecurityHeaders): void => {
  for (const [name, value] of headers) response.setHeader(name, value)
}

/** The list on every answer, and `Cache-Control: no-store` on every API answer (/trpc). */
export const registerSecurityHeaders = (server: FastifyInstance, headers: SecurityHeaders): void => {
  server.addHook("onRequest", async (_request, reply) => {
    applySecurityHeaders(reply.raw, headers)
  })
  server.addHook("onSend", async (request, reply) => {
    if (request.url.startsWith("/trpc")) void reply.header("cache-control", apiAnswerCacheControl)
  })
}
