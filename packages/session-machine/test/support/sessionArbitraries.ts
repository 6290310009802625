import fc from "fast-check"
import type { SessionUser, UserChangedEvent, UserReloadedEvent } from "../../src/index.ts"

/** The user every session of the machine's property tests belongs to. */
export const user: SessionUser = {
  id: "user-1",
  email: "ada@example.com",
  emailConfirmed: false,
  status: "active",
  createdAt: "2025-01-01T00:00:00.000Z"
}

/** That user as a user event may carry it: another address, confirmed or not, suspended now and then. */
export const arbUser = fc.record({
  id: fc.constant(user.id),
  email: fc.constantFrom("ada@example.com", "ada@new.example"),
  emailConfirmed: fc.boolean(),
  status: fc.constantFrom("active" as const, "active" as const, "suspended" as const),
  createdAt: fc.constant(user.createdAt)
})

export const arbUserChanged = (arbVersion: fc.Arbitrary<number>): fc.Arbitrary<UserChangedEvent> =>
  fc.record({
    type: fc.constant("USER_CHANGED" as const),
    user: arbUser,
    version: arbVersion,
    cause: fc.constant("emailConfirmed" as const)
  })

export const arbUserReloaded = (arbVersion: fc.Arbitrary<number>): fc.Arbitrary<UserReloadedEvent> =>
  fc.record({ type: fc.constant("USER_RELOADED" as const), user: arbUser, version: arbVersion })
