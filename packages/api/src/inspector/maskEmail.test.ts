import { describe, expect, it } from "vitest"
import { maskEmail } from "./maskEmail.ts"

describe("maskEmail", () => {
  it("keeps the first character of the mailbox and the domain", () => {
    expect(maskEmail("ann@example.com")).toBe("a…@example.com")
    expect(maskEmail("a@example.com")).toBe("a…@example.com")
    expect(maskEmail("ünïcode.user@bücher.example")).toBe("ü…@bücher.example")
  })

  it("shows nothing of what is not an address", () => {
    expect(maskEmail("no-at-sign")).toBe("…")
    expect(maskEmail("@example.com")).toBe("…")
  })
})
