import { Context, type Effect, type Option } from "effect"
import type { OneTimeTokenPurpose, OneTimeTokenRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

export class OneTimeTokens extends Context.Service<
  OneTimeTokens,
  {
    /**
     * Stores a new token. Earlier tokens stay as they are: a flow whose new token replaces the
     * old ones (a resent verification email) voids them first, with `consumeOfUser`, in the same
     * transaction; one whose tokens are independent (password-reset links) leaves them valid.
     */
    issue(token: OneTimeTokenRecord): Effect.Effect<void, StoreError>
    findByLinkHash(linkHash: string): Effect.Effect<Option.Option<OneTimeTokenRecord>, StoreError>
    /** The newest unconsumed token of that user and purpose. */
    findActive(
      userId: string,
      purpose: OneTimeTokenPurpose
    ): Effect.Effect<Option.Option<OneTimeTokenRecord>, StoreError>
    /** The newest token of that user and purpose, consumed or not (for resend cool-downs). */
    findLatest(
      userId: string,
      purpose: OneTimeTokenPurpose
    ): Effect.Effect<Option.Option<OneTimeTokenRecord>, StoreError>
    /** Marks it used; false when it already was (so two concurrent uses cannot both win). */
    consume(id: string, at: string): Effect.Effect<boolean, StoreError>
    /**
     * Counts one attempt at the code and answers the new count, atomically. Callers count before
     * they compare the code, so concurrent guesses each get a distinct count and no more than the
     * allowed number are ever compared.
     */
    recordCodeAttempt(id: string): Effect.Effect<number, StoreError>
    /**
     * Consumes every unconsumed token of the user for those purposes, and no other: a password
     * change voids the reset links, an email change the links and codes sent to the old address,
     * and neither the "this wasn't me" links that must outlive them.
     */
    consumeOfUser(
      userId: string,
      purposes: ReadonlyArray<OneTimeTokenPurpose>,
      at: string
    ): Effect.Effect<void, StoreError>
  }
>()("@verity/store/OneTimeTokens") {}
