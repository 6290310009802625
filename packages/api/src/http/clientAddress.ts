import proxyAddr from "@fastify/proxy-addr"
import type { IncomingMessage } from "node:http"

/**
 * How Fastify reads `request.ip` with `trustProxy` set to the TRUST_PROXY list, for a request the
 * whoami fast path answers before Fastify: the right-most forwarded address that is not one of
 * the trusted proxies (the same package, compiled from the same list); without the list, the
 * connection's own address.
 */
export const clientAddressReader = (trustedProxies: ReadonlyArray<string>): ((request: IncomingMessage) => string) => {
  if (trustedProxies.length === 0) return (request) => request.socket.remoteAddress ?? ""
  const trusted = proxyAddr.compile([...trustedProxies])
  return (request) => proxyAddr(request, trusted)
}
