import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { canonicalEmailAddress, emailProblems } from "./canonicalEmailAddress.ts"
import type { EmailProblem } from "./canonicalEmailAddress.ts"

const canonical = (input: string): string => Result.getOrThrow(canonicalEmailAddress(input))

const problem = (input: string): EmailProblem | undefined =>
  Result.match(canonicalEmailAddress(input), { onSuccess: () => undefined, onFailure: (refusal) => refusal })

// A domain of `length` characters: two full labels, a shorter one and a top-level label.
const domainOf = (length: number) => `${"d".repeat(63)}.${"d".repeat(63)}.${"d".repeat(length - 2 * 64 - 8)}.example`

describe("one mailbox is one account", () => {
  it("refuses the spellings that made a second account for a mailbox", () => {
    expect(problem("x@y.example,")).toBe(emailProblems.list)
    expect(problem("Evil<x@y.example>")).toBe(emailProblems.nameOrBrackets)
    expect(problem("a,b@e.example")).toBe(emailProblems.list)
  })

  it("gives composed and decomposed spellings of one address one canonical form", () => {
    const composed = "jos\u00e9@b\u00fccher.example"
    const decomposed = "jose\u0301@bu\u0308cher.example"
    expect(decomposed).not.toBe(composed)
    expect(canonical(decomposed)).toBe(canonical(composed))
    expect(canonical(composed)).toBe("jos\u00e9@xn--bcher-kva.example")
  })

  it("writes the domain as lower-case A-labels and lower-cases the local part", () => {
    expect(canonical("Ann@Bücher.Example")).toBe("ann@xn--bcher-kva.example")
    expect(canonical("ANN@XN--BCHER-KVA.EXAMPLE")).toBe("ann@xn--bcher-kva.example")
    expect(canonical("Δοκιμή@Παράδειγμα.Example")).toBe("δοκιμή@xn--hxajbheg2az3al.example")
    expect(canonical("用户@例子.广告")).toBe("用户@xn--fsqu00a.xn--4rr70v")
  })

  it("keeps ordinary addresses as they are, but for case", () => {
    for (const address of [
      "ann@example.com",
      "First.Last+newsletter@Mail.Example.com",
      "o'brien@example.ie",
      "a-b_c9@sub-1.e-x.example",
      "1234567@example.org",
      "müller@example.de",
      "用户@example.com"
    ]) {
      expect(canonical(address)).toBe(address.toLowerCase())
    }
  })

  it("drops the spaces a paste leaves around an address", () => {
    expect(canonical("  Ann@Example.com ")).toBe("ann@example.com")
  })

  it("refuses anything but a single plain address, and says what is wrong", () => {
    const refusals: ReadonlyArray<readonly [string, EmailProblem]> = [
      ["Ann Smith <x@y.example>", emailProblems.nameOrBrackets],
      ["<x@y.example>", emailProblems.nameOrBrackets],
      ["x@y.example, z@w.example", emailProblems.list],
      ["x@y.example;z@w.example", emailProblems.list],
      ["team:a@e.example;", emailProblems.list],
      ["(comment)a@e.example", emailProblems.comment],
      ["a(comment)@e.example", emailProblems.comment],
      ['"a b"@e.example', emailProblems.quoted],
      ['"ab"@e.example', emailProblems.quoted],
      ["a@[127.0.0.1]", emailProblems.ipLiteral],
      ["a@[IPv6:::1]", emailProblems.ipLiteral],
      ["a@e.example\r\nBcc: b@e.example", emailProblems.invisibleCharacters],
      ["a@e.example\r\n", emailProblems.invisibleCharacters],
      ["a\t@e.example", emailProblems.invisibleCharacters],
      ["a\u0000@e.example", emailProblems.invisibleCharacters],
      ["a @e.example", emailProblems.invisibleCharacters],
      ["\ta@e.example", emailProblems.invisibleCharacters],
      ["a\u00a0@e.example", emailProblems.invisibleCharacters],
      ["a\u202e@e.example", emailProblems.invisibleCharacters],
      ["a\u200b@e.example", emailProblems.invisibleCharacters],
      ["a@b\u00adcher.example", emailProblems.invisibleCharacters],
      ["a@e.example.", emailProblems.domain],
      ["a@localhost", emailProblems.domain],
      ["a@1.2.3.44", emailProblems.domain],
      ["a@xn--zz.example", emailProblems.domain],
      [`${"x".repeat(65)}@e.example`, emailProblems.localPartTooLong],
      // 33 characters, but 66 octets in UTF-8
      [`${"é".repeat(33)}@e.example`, emailProblems.localPartTooLong],
      [`a@${"b".repeat(62)}.${"c".repeat(62)}.${"d".repeat(62)}.${"e".repeat(62)}.example`, emailProblems.tooLong],
      [`a@${"é".repeat(10_000)}.example`, emailProblems.tooLong]
    ]
    for (const [input, expected] of refusals) {
      expect({ input, problem: problem(input) }).toEqual({ input, problem: expected })
    }
  })

  it("refuses malformed local parts and domains", () => {
    for (const input of [
      "",
      "nope",
      "@e.example",
      "a@",
      "a@@e.example",
      "a@b@e.example",
      ".a@e.example",
      "a.@e.example",
      "a..b@e.example",
      "a@e..example",
      "a@.e.example",
      "a@-e.example",
      "a@e-.example",
      "a@e_x.example",
      "a@e.x",
      "a@xn--.example"
    ]) {
      expect({ input, refused: Result.isFailure(canonicalEmailAddress(input)) }).toEqual({ input, refused: true })
    }
  })

  it("accepts the longest addresses SMTP carries, and no longer", () => {
    const local = "l".repeat(64)
    const longest = `${local}@${domainOf(254 - 65)}`
    expect(longest).toHaveLength(254)
    expect(canonical(longest)).toBe(longest)
    expect(problem(`${local}@${domainOf(255 - 65)}`)).toBe(emailProblems.tooLong)
  })

  it("is idempotent: a canonical address is its own canonical form", () => {
    const letter = fc.constantFrom(..."aAzZéÉßüÜδΔжЖ用户İıK")
    const atom = fc.string({ unit: fc.oneof(letter, fc.constantFrom(..."09+-_!#$%&'*/=?^`{|}~")), minLength: 1 })
    const local = fc.array(atom, { minLength: 1, maxLength: 3 }).map((atoms) => atoms.join("."))
    const label = fc.oneof(
      fc.constantFrom("bücher", "Bücher", "例子", "ÉCOLE", "straße", "xn--bcher-kva", "XN--BCHER-KVA", "mail", "e-x"),
      fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?$/)
    )
    const domain = fc
      .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom("example", "Com", "DE", "广告"))
      .map(([labels, top]) => [...labels, top].join("."))
    const address = fc
      .tuple(local, domain, fc.constantFrom("NFC", "NFD", "NFKC") as fc.Arbitrary<"NFC" | "NFD" | "NFKC">)
      .map(([l, d, form]) => `${l}@${d}`.normalize(form))
    let accepted = 0
    fc.assert(
      fc.property(fc.oneof(address, fc.emailAddress({ size: "small" })), (input) => {
        const once = canonicalEmailAddress(input)
        if (Result.isFailure(once)) return
        accepted++
        expect(canonicalEmailAddress(once.success)).toEqual(once)
      }),
      { numRuns: 500 }
    )
    // Most generated addresses are valid, so the property is exercised, not passed vacuously.
    expect(accepted).toBeGreaterThan(250)
  }, 30_000)
})
