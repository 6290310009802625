import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { canonicalEmailAddress, emailProblems } from "./canonicalEmailAddress.ts"
import { EmailAddress, isCanonicalEmail, normalizeEmail, plainCanonicalAddress } from "./email.ts"

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

const fullParse = (input: string) => Result.getOrUndefined(canonicalEmailAddress(input))

describe("plainCanonicalAddress, the quick test", () => {
  // Local parts and domains of exactly the characters the quick test allows, edge cases included
  // (hyphens at label ends and in third and fourth place, all-digit labels, `xn--`).
  const atom = fc.stringMatching(/^[a-z0-9_+-]{1,12}$/)
  const label = fc.stringMatching(/^[a-z0-9-]{1,16}$/)
  const candidate = fc
    .tuple(fc.array(atom, { minLength: 1, maxLength: 4 }), fc.array(label, { minLength: 1, maxLength: 4 }))
    .map(([local, domain]) => `${local.join(".")}@${domain.join(".")}`)

  it("matches only addresses the full parse answers as canonical", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          candidate,
          address.map((generated) => generated.toLowerCase())
        ),
        (candidateAddress) => {
          if (plainCanonicalAddress.test(candidateAddress)) expect(fullParse(candidateAddress)).toBe(candidateAddress)
        }
      ),
      { numRuns: 3_000 }
    )
  })

  it("leaves to the full parse what needs it", () => {
    for (const other of [
      "Ann@example.com",
      "ann@xn--bcher-kva.example",
      "ann@ab--cd.example",
      "ann@example.123",
      "a..b@example.com",
      "ann@-x.example",
      "ann@localhost"
    ]) {
      expect(plainCanonicalAddress.test(other), other).toBe(false)
    }
    expect(plainCanonicalAddress.test("ann.lee+tag@mail.example.com")).toBe(true)
  })
})
