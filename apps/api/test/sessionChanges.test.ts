import type { TRPCClientError } from "@trpc/client"
import type { Whoami } from "@verity/domain"
import { verificationLinkToken } from "@verity/testing"
import { Effect } from "effect"
import { describe, expect, it, vi } from "vitest"
import { signInWithToken, signUpWithToken, testApiWithMailForFile, uniqueEmail } from "@verity/test-api"
import { LiveSessions, SessionEviction } from "@verity/api/server"
import type { AppRouter } from "@verity/api"
import { subscriptionClient } from "./support/subscriptionClient.ts"

// session.changes over real SSE with tRPC's own subscription link: what a browser tab sees.

const api = testApiWithMailForFile()

/** A subscriber that records every event and the error that ends the stream. */
const subscribe = (token: string, input?: { lastEventId: string }) => {
  const client = subscriptionClient(api.url, token)
  const events: Array<{ id: string; data: Whoami }> = []
  const ended: { error?: TRPCClientError<AppRouter> } = {}
  const subscription = client.session.changes.subscribe(input, {
    onData: (event) => events.push(event),
    onError: (error) => (ended.error = error as TRPCClientError<AppRouter>)
  })
  return { events, ended, stop: () => subscription.unsubscribe() }
}

describe("session.changes", () => {
  it("sends the current Whoami at once, then every change, and ends when the session is revoked", async () => {
    const email = uniqueEmail("changes")
    const token = await signUpWithToken(api.client(), email)
    const watcher = subscribe(token)
    await vi.waitFor(() => expect(watcher.events).toHaveLength(1))
    expect(watcher.events[0]!.data.user).toMatchObject({ email, emailConfirmed: false })
    expect(watcher.events[0]!.id).toBe(`v${watcher.events[0]!.data.userVersion}`)

    await api.client().auth.verifyEmail.mutate({
      token: verificationLinkToken(await api.mail.waitForMail((m) => m.to.includes(email)))
    })
    await vi.waitFor(() => expect(watcher.events).toHaveLength(2), { timeout: 1_000 })
    expect(watcher.events[1]!.data.user.emailConfirmed).toBe(true)
    expect(watcher.events[1]!.data.session.state).toBe("active.verified")

    const other = api.client(await signInWithToken(api.client(), email))
    await other.session.revokeOthers.mutate()
    await vi.waitFor(() => expect(watcher.ended.error).toBeDefined(), { timeout: 1_000 })
    expect(watcher.ended.error!.data).toMatchObject({
      code: "UNAUTHORIZED",
      reason: "SESSION_REVOKED",
      revokedReason: "revokedByUser"
    })
    watcher.stop()
  })

  it("a client that reconnects with the last event id gets nothing until the next change", async () => {
    const email = uniqueEmail("resume")
    const token = await signUpWithToken(api.client(), email)
    const current = await api.client(token).session.whoami.query()
    const watcher = subscribe(token, { lastEventId: `v${current.userVersion}` })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(watcher.events).toEqual([])
    await api.client().auth.verifyEmail.mutate({
      token: verificationLinkToken(await api.mail.waitForMail((m) => m.to.includes(email)))
    })
    await vi.waitFor(() => expect(watcher.events.map((event) => event.data.user.emailConfirmed)).toEqual([true]))
    watcher.stop()
  })

  it("leaves nothing behind when the client goes away: the session can leave memory again", async () => {
    const token = await signUpWithToken(api.client(), uniqueEmail("leak"))
    const sessionId = (await api.client(token).session.whoami.query()).session.id
    const inMemoryAfterEviction = () =>
      api.runtime.runPromise(
        Effect.gen(function* () {
          yield* (yield* SessionEviction).evictAll
          return (yield* LiveSessions).get(sessionId) !== undefined
        })
      )

    const watchers = [subscribe(token), subscribe(token), subscribe(token)]
    await vi.waitFor(() => expect(watchers.every((watcher) => watcher.events.length === 1)).toBe(true))
    // A watched session stays in memory, so its watchers keep hearing of changes.
    expect(await inMemoryAfterEviction()).toBe(true)
    for (const watcher of watchers) watcher.stop()
    await vi.waitFor(async () => expect(await inMemoryAfterEviction()).toBe(false))
  })
})
