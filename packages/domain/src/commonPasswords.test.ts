import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { commonPasswords, isCommonPassword } from "./commonPasswords.ts"

const decorations = fc.string({ unit: fc.constantFrom(..."0123456789!@#$%^&*?.-_ "), maxLength: 8 })

// The look-alikes people swap in for letters.
const lookAlikeFor: Readonly<Record<string, string>> = { a: "@", e: "3", i: "1", l: "1", o: "0", s: "$", t: "7" }

describe("common passwords", () => {
  it("are a real breach list of at least the 10,000 most common", () => {
    expect(commonPasswords.length).toBeGreaterThanOrEqual(10_000)
    expect(commonPasswords.slice(0, 5)).toEqual(["123456", "password", "12345678", "qwerty", "123456789"])
  })

  it("are refused as they are", () => {
    for (const password of [
      "password",
      "iloveyou",
      "passwordpassword",
      "1qaz2wsx3edc",
      "qwerty123456",
      "123456789012"
    ]) {
      expect({ password, common: isCommonPassword(password) }).toEqual({ password, common: true })
    }
  })

  it("are refused with digits or symbols added at the ends, capitals, or look-alikes", () => {
    for (const password of [
      "Password123!",
      "P@ssw0rd2024!!",
      "qwerty123456789",
      "PASSWORD1234",
      "12345678Password",
      "!!Dragon2024!!",
      "Sunshine 2024",
      "@dmin12345678",
      "L3tm31n12345",
      "Ｐａｓｓｗｏｒｄ１２３４"
    ]) {
      expect({ password, common: isCommonPassword(password) }).toEqual({ password, common: true })
    }
  })

  it("are refused however a listed one is dressed up", () => {
    const listed = fc.constantFrom(...commonPasswords.filter((password) => /[a-z]/.test(password)))
    const disguised = fc
      .tuple(
        listed,
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 })
      )
      .map(([password, capitals, swaps]) =>
        Array.from(password, (letter, index) => {
          const swapped = swaps[index] === true ? (lookAlikeFor[letter] ?? letter) : letter
          return capitals[index] === true ? swapped.toUpperCase() : swapped
        }).join("")
      )
      .filter((password) => /\p{L}/u.test(password))
    fc.assert(
      fc.property(decorations, disguised, decorations, (before, password, after) => {
        expect(isCommonPassword(`${before}${password}${after}`)).toBe(true)
      })
    )
  })

  it("without letters, are refused when a listed one of 8 or more characters is inside", () => {
    expect(isCommonPassword("111111111111")).toBe(true)
    expect(isCommonPassword("1234567890!!")).toBe(true)
    expect(isCommonPassword("99123456789000")).toBe(true)
    // Contains the common 1234 and 2024, which turn up by chance in random numbers.
    expect(isCommonPassword("907312349581")).toBe(false)
    expect(isCommonPassword("2024 1234 5678")).toBe(false)
  })

  it("do not make passphrases or random passwords common", () => {
    for (const password of [
      "correct horse battery staple 42",
      "correct horse battery staple",
      "another fine passphrase",
      "my password is long and mine",
      "12345678 correct horse",
      "xK9#mQ2$vL7!wz",
      "Tr0ub4dor&3xyz"
    ]) {
      expect({ password, common: isCommonPassword(password) }).toEqual({ password, common: false })
    }
  })
})
