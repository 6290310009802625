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
  plainCanonicalAddress.test(address) ||
  Result.match(canonicalEmailAddress(address), {
    onSuccess: (canonical) => canonical === address,
    onFailure: () => false
  })

/**
 * The plain ASCII addresses most accounts have, which the full parse (about 0.2 ms each, too slow
 * for a walk over every account at start-up) would answer as canonical: a lower-case dot-atom of
 * common characters before the @ (at most 64), then lower-case letter-digit-hyphen labels of at
 * most 63 with no hyphen at either end or in the third and fourth places (so no A-label, whose
 * punycode only the full check decodes), the last of two or more with a letter (the grammar
 * wants a two-letter top-level domain at least); 254 characters in all. Anything
 * else goes to the full parse. email.test.ts checks that every match is canonical.
 */
export const plainCanonicalAddress =
  /^(?=[^@]{1,64}@)(?=.{1,254}$)[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@(?:(?![a-z0-9-]{2}--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?![a-z0-9-]{2}--)(?=[a-z0-9-]*[a-z])[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/
