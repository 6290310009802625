import { describe, expect, it } from "vitest"
import { passwordWeakness } from "./password.ts"

const email = "ann@example.com"
const common =
  "That password is one of the most common ones, or one with digits, symbols or look-alikes added; choose another."

describe("passwordWeakness", () => {
  it("refuses common passwords dressed up to the required length", () => {
    for (const password of ["Password123!", "P@ssw0rd2024!!", "qwerty123456789", "passwordpassword", "Iloveyou2024!"]) {
      expect({ password, weakness: passwordWeakness(password, email) }).toEqual({ password, weakness: common })
    }
  })

  it("refuses short passwords and the email address", () => {
    expect(passwordWeakness("Tr0ub4dor&3", email)).toBe("Use at least 12 characters.")
    expect(passwordWeakness("Ann@Example.com", email)).toBe("Do not use your email address as your password.")
  })

  it("accepts strong passwords", () => {
    for (const password of ["correct horse battery staple 42", "another fine passphrase", "xK9#mQ2$vL7!wz"]) {
      expect({ password, weakness: passwordWeakness(password, email) }).toEqual({ password, weakness: null })
    }
  })
})
