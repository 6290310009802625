import type { FailPointName, FailPointsService } from "@verity/api/server"
import type { Whoami } from "@verity/domain"
import { verificationLinkToken } from "@verity/testing"
import { Effect, Latch } from "effect"
import { describe, expect, it, vi } from "vitest"
import {
  failureOf,
  shortResendCooldown,
  signInWithToken,
  signUpWithToken,
  strongPassword,
  testApiWithMailForFile,
  uniqueEmail,
  waitOutResendCooldown
} from "@verity/test-api"
import { subscriptionClient } from "./support/subscriptionClient.ts"

// A mutation answers what it committed, even when the session's in-memory actor is evicted
// between the request's authentication and its write. The request is held right after its
// authentication (a fail point), every actor is evicted meanwhile, then it is let go: no
// timing, no luck.

/** Holds the next request that reaches `point` until `release`; `reached` opens when it is held. */
const holdOnce = (point: FailPointName) => {
  let armed = false
  const reached = Latch.makeUnsafe(false)
  const release = Latch.makeUnsafe(false)
  const failPoints: FailPointsService = {
    reach: (at) =>
      Effect.suspend(() => {
        if (!armed || at !== point) return Effect.void
        armed = false
        return Effect.andThen(reached.open, release.await)
      })
  }
  return {
    failPoints,
    /** Runs `request` held at the point, does `meanwhile`, lets it go, and answers its result. */
    around: async <A>(request: () => Promise<A>, meanwhile: () => Promise<unknown>): Promise<A> => {
      armed = true
      const answer = request()
      await Effect.runPromise(reached.await)
      await meanwhile()
      await Effect.runPromise(release.open)
      const result = await answer
      await Effect.runPromise(Effect.andThen(reached.close, release.close))
      return result
    }
  }
}

const afterAuthentication = holdOnce("afterAuthentication")
const api = testApiWithMailForFile({ failPoints: afterAuthentication.failPoints, env: shortResendCooldown })

const confirmedUser = async (label: string) => {
  const email = uniqueEmail(label)
  const token = await signUpWithToken(api.client(), email)
  const link = verificationLinkToken(await api.mail.waitForMail((mail) => mail.to.includes(email)))
  await api.client().auth.verifyEmail.mutate({ token: link })
  // The tests go on to change the address, whose verification email waits for the sign-up's.
  await waitOutResendCooldown()
  return { email, token }
}

describe("answers from committed state, with the actor evicted between authentication and the write", () => {
  it("account.changeEmail answers the new address, unconfirmed", async () => {
    const { token } = await confirmedUser("evicted-change")
    const newEmail = uniqueEmail("evicted-changed-to")

    const answer = await afterAuthentication.around(
      () => api.client(token).account.changeEmail.mutate({ newEmail, password: strongPassword }),
      () => api.evictAllActors()
    )
    expect(answer.user).toMatchObject({ email: newEmail, emailConfirmed: false })
    expect(answer.session.state).toBe("active.unverified")
    // The next request sees what the answer said; only its own visit moves lastSeenAt on.
    expect(await api.client(token).session.whoami.query()).toEqual({
      ...answer,
      session: { ...answer.session, lastSeenAt: expect.any(String) }
    })
  })

  it("support.contactUs judges the session as committed: an address changed meanwhile is not confirmed", async () => {
    const { email, token } = await confirmedUser("evicted-support")
    const other = api.client(await signInWithToken(api.client(), email))

    const refused = await afterAuthentication.around(
      () => failureOf(api.client(token).support.contactUs.mutate({ subject: "Help", message: "Please" })),
      async () => {
        await api.evictAllActors()
        await other.account.changeEmail.mutate({
          newEmail: uniqueEmail("evicted-support-new"),
          password: strongPassword
        })
      }
    )
    expect(refused).toMatchObject({ reason: "EMAIL_NOT_CONFIRMED", httpStatus: 403 })
  })

  it("session.changes starts from the session as it is, and hears the changes that follow", async () => {
    const email = uniqueEmail("evicted-stream")
    const token = await signUpWithToken(api.client(), email)
    const client = subscriptionClient(api.url, token)
    const events: Array<Whoami> = []
    let subscription: { unsubscribe(): void } | undefined
    await afterAuthentication.around(
      async () => {
        subscription = client.session.changes.subscribe(undefined, { onData: (event) => events.push(event.data) })
        await vi.waitFor(() => expect(events).toHaveLength(1))
      },
      () => api.evictAllActors()
    )
    const link = verificationLinkToken(await api.mail.waitForMail((mail) => mail.to.includes(email)))
    await api.client().auth.verifyEmail.mutate({ token: link })
    await vi.waitFor(() => expect(events.map((event) => event.user.emailConfirmed)).toEqual([false, true]))
    subscription?.unsubscribe()
  })
})
