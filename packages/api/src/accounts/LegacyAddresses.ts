import { isCanonicalEmail, normalizeEmail, ValidationFailed } from "@verity/domain"
import { Sessions, type StoreError, type UserAddress, Users } from "@verity/store"
import { Effect, Layer, Option } from "effect"
import { UserChanges } from "../users/UserChanges.ts"

// Small enough that one page's read (synchronous in the embedded store) holds the event loop
// for well under a millisecond; the walk gives way to waiting requests after each page.
const pageSize = 250

/**
 * Accounts stored by an earlier build, which took an address in several spellings (`x@y,`,
 * `Evil<x@y>`, NFD next to NFC, an IDN domain in Unicode), are put right before the server
 * answers its first request:
 * - an address whose canonical form no other account holds is rewritten to it: the same mailbox,
 *   so its confirmation stays, and its live sessions show the new spelling;
 * - any other is suspended, every session ended: it is a second account for a mailbox that has
 *   one already, or no single mailbox at all, and no mail may go to it. An operator can unsuspend
 *   it after changing its address by hand.
 *
 * A check at start-up rather than a store migration: the canonical form needs Unicode NFC and
 * UTS #46, which the embedded store's SQL migrations cannot compute and MongoDB has no
 * migrations for; one walk in the API covers both adapters, and it goes through UserChanges, so
 * live sessions hear of it on every instance. It reads every address at each start (ids and
 * addresses only, a page at a time: about a second per 100,000 accounts here) and writes nothing
 * once the store is clean, so it runs beside the server rather than before it, and gives way to
 * requests after every page: a restart's first answers are not held up by the number of accounts.
 * (`npm run bench`, "Start-up after a restart": the first whoami with 100,000 sessions of 10,000
 * accounts took 3.1× the time it took with 10 while pages of 1,000 were read back to back; 1.2×
 * now.)
 */
const putRightLegacyAddresses = Effect.gen(function* () {
  const users = yield* Users
  const sessions = yield* Sessions
  const userChanges = yield* UserChanges

  const suspend = (id: string) =>
    userChanges.commit("suspended", (writes, stamp) =>
      Effect.gen(function* () {
        const updated = yield* writes.update(id, { status: "suspended" }, { stamp })
        const ended = yield* sessions.revokeAllOfUser(id, "suspended", stamp.at)
        return { user: Option.getOrThrow(updated), endedSessions: { ids: ended, reason: "suspended" as const } }
      })
    )

  /** "rewritten" or "suspended". */
  const putRight = ({ id, email }: UserAddress): Effect.Effect<"rewritten" | "suspended", StoreError> => {
    const canonical = normalizeEmail(email)
    if (!isCanonicalEmail(canonical)) return Effect.as(suspend(id), "suspended" as const)
    return Effect.gen(function* () {
      const user = Option.getOrThrow(yield* users.findById(id))
      yield* userChanges.commit("emailChanged", (writes, stamp) =>
        Effect.flatMap(
          writes.changeEmail(id, { from: email, to: canonical, confirmed: user.emailConfirmed }, stamp),
          Option.match({
            // Another instance starting at the same time got there first.
            onNone: () => Effect.fail(new ValidationFailed({ message: "already rewritten" })),
            onSome: (moved) => Effect.succeed({ user: moved })
          })
        )
      )
      return "rewritten" as const
    }).pipe(
      Effect.catchTag("ValidationFailed", () => Effect.succeed("rewritten" as const)),
      Effect.catchTag("EmailTaken", () => Effect.as(suspend(id), "suspended" as const))
    )
  }

  const outcomes = { rewritten: [] as Array<string>, suspended: [] as Array<string> }
  let after: string | null = null
  while (true) {
    const page: ReadonlyArray<UserAddress> = yield* users.addressesAfter(after, pageSize)
    for (const stored of page.filter((user) => !isCanonicalEmail(user.email))) {
      outcomes[yield* putRight(stored)].push(stored.id)
    }
    if (page.length < pageSize) break
    after = page.at(-1)!.id
    // A macrotask: requests that arrived during the page are answered before the next one is read.
    yield* Effect.yieldNow
  }
  if (outcomes.rewritten.length + outcomes.suspended.length > 0) {
    yield* Effect.logWarning(
      "Accounts stored with an address in a spelling this build no longer takes were put right: " +
        `${outcomes.rewritten.length} rewritten to the canonical address, ` +
        `${outcomes.suspended.length} suspended as a second account of a mailbox, or no mailbox`,
      outcomes
    )
  }
}).pipe(Effect.withSpan("LegacyAddresses.putRight"))

/** Runs once per start, beside the server; a store that fails meanwhile is logged, and the next start tries again. */
export const LegacyAddresses = {
  layer: Layer.effectDiscard(
    Effect.forkScoped(
      putRightLegacyAddresses.pipe(
        Effect.catchTag("StoreError", (error) => Effect.logError("Stored addresses could not be checked", error))
      )
    )
  )
}
