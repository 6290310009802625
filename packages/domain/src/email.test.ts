import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { emailProblems } from "./canonicalEmailAddress.ts"
import { EmailAddress, isCanonicalEmail, normalizeEmail } from "./email.ts"

// As apps/api validates a procedure's input.
const signUpInput = Schema.toStandardSchemaV1(Schema.Struct({ email: EmailAddress }))
const validate = (email: unknown) => signUpInput["~standard"].validate({ email })

// Small ones: parsing a 254-character address takes milliseconds, and a property runs hundreds.
const address = fc.emailAddress({ size: "small" })

describe("EmailAddress", () => {
  it("decodes to the canonical address, so every caller gets one spelling", () => {
    expect(validate("Ann@Bücher.Example")).toEqual({ value: { email: "ann@xn--bcher-kva.example" } })
    expect(validate("ANN@bu\u0308cher.example")).toEqual({ value: { email: "ann@xn--bcher-kva.example" } })
  })

  it("refuses a non-address with a message that names the problem", () => {
    expect(validate("Evil<x@y.example>")).toEqual({
      issues: [{ path: ["email"], message: emailProblems.nameOrBrackets }]
    })
    expect(validate("a,b@e.example")).toEqual({ issues: [{ path: ["email"], message: emailProblems.list }] })
    expect(validate("nope")).toEqual({
      issues: [{ path: ["email"], message: "must be an email address like name@example.com" }]
    })
  })

  it("refuses what is not a string", () => {
    expect(validate(5)).toHaveProperty("issues")
    expect(validate(["x@y.example"])).toHaveProperty("issues")
  })
})

describe("normalizeEmail", () => {
  it("gives the canonical address", () => {
    expect(normalizeEmail("Ann@Bücher.Example")).toBe("ann@xn--bcher-kva.example")
    expect(normalizeEmail("ann@xn--bcher-kva.example")).toBe("ann@xn--bcher-kva.example")
  })

  it("gives back what is not an address unchanged, so no account is found with it", () => {
    expect(normalizeEmail("Evil<x@y.example>")).toBe("Evil<x@y.example>")
  })

  it("is idempotent on any string", () => {
    fc.assert(
      fc.property(fc.oneof(address, fc.mixedCase(address), fc.string({ unit: "binary" })), (input) => {
        const once = normalizeEmail(input)
        expect(normalizeEmail(once)).toBe(once)
      }),
      { numRuns: 200 }
    )
  }, 30_000)
})

describe("isCanonicalEmail", () => {
  it("holds for the one spelling of a mailbox, and for nothing else", () => {
    expect(isCanonicalEmail("ann@xn--bcher-kva.example")).toBe(true)
    for (const other of [
      "Ann@xn--bcher-kva.example",
      "ann@bücher.example",
      " ann@example.com",
      "a,b@e.example",
      "Evil<x@y.example>"
    ]) {
      expect(isCanonicalEmail(other)).toBe(false)
    }
  })
})
