import ipaddr from "ipaddr.js"

/**
 * The key under which limits count a client's address. An IPv4 address is itself (an
 * IPv4-mapped IPv6 address is read as the IPv4 address it carries). An IPv6 address counts as
 * its /64 network: a single home or server is routinely given a whole /64, so one machine could
 * otherwise take a fresh address, and a fresh allowance, for every attempt.
 */
export const addressGroup = (ip: string | null): string => {
  if (ip === null || !ipaddr.isValid(ip)) return "unknown"
  const address = ipaddr.process(ip)
  return address.kind() === "ipv4"
    ? address.toString()
    : `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toNormalizedString()}/64`).toRFC5952String()}/64`
}

/**
 * Why `entry` is not an address or CIDR range Fastify's `trustProxy` can match, or null when it
 * is (ipaddr.js reads both, as Fastify's proxy-addr does).
 */
export const proxyAddressProblem = (entry: string): string | null =>
  ipaddr.isValid(entry) || ipaddr.isValidCIDR(entry)
    ? null
    : `"${entry}" is not an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8`
