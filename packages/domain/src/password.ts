import { Schema } from "effect"
import { isCommonPassword } from "./commonPasswords.ts"

export const minimumPasswordLength = 12

/** What the API accepts as a password field at all; the policy below judges its strength. */
export const PasswordInput = Schema.String.check(
  Schema.isMinLength(1, { message: "must not be empty" }),
  Schema.isMaxLength(1024, { message: "must be at most 1024 characters" })
)

/** Why a new password is refused, or null when it is acceptable. */
export const passwordWeakness = (password: string, email: string): string | null => {
  if ([...password].length < minimumPasswordLength) {
    return `Use at least ${minimumPasswordLength} characters.`
  }
  const lowered = password.toLowerCase()
  const localPart = email.split("@")[0] ?? ""
  if (lowered === email.toLowerCase() || lowered === localPart.toLowerCase()) {
    return "Do not use your email address as your password."
  }
  if (isCommonPassword(password)) {
    return "That password is one of the most common ones, or one with digits, symbols or look-alikes added; choose another."
  }
  return null
}
