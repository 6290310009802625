import fastifyHelmet from "@fastify/helmet"
import type { FastifyInstance } from "fastify"

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

/**
 * The headers every answer carries (helmet's, with the choices below), the policy above, and
 * `Cache-Control: no-store` on every API answer: they are about one session or one user, or
 * carry a token, and no shared cache or back button may keep them.
 */
export const registerSecurityHeaders = async (server: FastifyInstance, publicUrl: string): Promise<void> => {
  const policy = contentSecurityPolicy(publicUrl)
  await server.register(fastifyHelmet, {
    // Set below, from the one policy the tests load the apps under.
    contentSecurityPolicy: false,
    // The landing pages carry tokens in their address: no Referer may take it anywhere.
    referrerPolicy: { policy: "no-referrer" },
    frameguard: { action: "deny" },
    // Only over https (a browser ignores it over http, and it would pin a local http setup);
    // helmet's year, subdomains included: the session cookie must never travel in the clear.
    strictTransportSecurity: isHttps(publicUrl) ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false
  })
  server.addHook("onRequest", async (_request, reply) => {
    void reply.header("content-security-policy", policy)
  })
  server.addHook("onSend", async (request, reply) => {
    if (request.url.startsWith("/trpc")) void reply.header("cache-control", "no-store")
  })
}
