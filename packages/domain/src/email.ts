import { Schema } from "effect"

// Deliberately permissive (RFC 5322 allows far more than any pattern checks well); the
// confirmation email is the real test of an address.
const emailPattern = /^\s*[^\s@]+@[^\s@]+\.[^\s@]+\s*$/

export const EmailAddress = Schema.String.check(
  Schema.isMaxLength(320),
  Schema.isPattern(emailPattern, { message: "must be an email address like name@example.com" })
)

/** Two spellings of one mailbox must not make two accounts. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase()
