/**
 * The email address as the API takes it. Decoding yields the canonical address (see
 * canonicalEmailAddress.ts), so whatever a procedure stores, looks up, rate-limits or mails is
 * already the one spelling of that mailbox, and a refusal says what to fix.
 */
import { Effect, Result, Schema, SchemaIssue, SchemaTransformation } from "effect"
import { canonicalEmailAddress } from "./canonicalEmailAddress.ts"

export const EmailAddress = Schema.String.pipe(
  Schema.decodeTo(
    Schema.String,
    SchemaTransformation.transformEffect({
      decode: (input: string, options) =>
        Result.match(canonicalEmailAddress(input), {
          onSuccess: (address) => Effect.succeed(address),
          onFailure: (problem) => Effect.fail(new SchemaIssue.InvalidValue({ message: problem }, input, options))
        }),
      encode: (address: string) => Effect.succeed(address)
    })
  )
)

/**
 * The canonical address, so that two spellings of one mailbox never make two accounts. It is
 * idempotent. Anything that is not an address comes back unchanged: no account can have it, so a
 * lookup with it finds nothing.
 */
export const normalizeEmail = (email: string): string => Result.getOrElse(canonicalEmailAddress(email), () => email)

/**
 * Whether `address` is exactly the one spelling of one mailbox: what the store may hold as an
 * account's address, and the only kind of recipient mail may go to.
 */
export const isCanonicalEmail = (address: string): boolean =>
  Result.match(canonicalEmailAddress(address), {
    onSuccess: (canonical) => canonical === address,
    onFailure: () => false
  })
