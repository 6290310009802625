import { describe, expect, it } from "vitest"
import { addressGroup, proxyAddressProblem } from "./clientAddress.ts"

describe("addressGroup", () => {
  it("keeps an IPv4 address, also when it arrives IPv4-mapped", () => {
    expect(addressGroup("203.0.113.7")).toBe("203.0.113.7")
    expect(addressGroup("::ffff:203.0.113.7")).toBe("203.0.113.7")
  })

  it("groups IPv6 addresses by their /64, however they are written", () => {
    expect(addressGroup("2001:db8:1:2::a")).toBe("2001:db8:1:2::/64")
    expect(addressGroup("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64")
    expect(addressGroup("2001:db8:1:3::a")).toBe("2001:db8:1:3::/64")
    expect(addressGroup("::1")).toBe("::/64")
  })

  it("puts what is not an address under one key", () => {
    expect(addressGroup(null)).toBe("unknown")
    expect(addressGroup("not an address")).toBe("unknown")
  })
})

describe("proxyAddressProblem", () => {
  it("accepts addresses and CIDR ranges of both families, and names what is neither", () => {
    for (const entry of ["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"]) expect(proxyAddressProblem(entry)).toBeNull()
    expect(proxyAddressProblem("proxy.internal")).toContain('"proxy.internal" is not an IP address')
    expect(proxyAddressProblem("10.0.0.0/33")).not.toBeNull()
  })
})
