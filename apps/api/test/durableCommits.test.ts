import type { WalSync } from "@verity/store"
import { afterEach, describe, expect, it } from "vitest"
import { failureOf, signUpWithToken, startTestApi, strongPassword, type TestApi, uniqueEmail } from "@verity/test-api"

// The embedded store commits without an fsync on the event loop and syncs its log off it, once
// for every commit waiting (group commit). What a client must still be able to count on: no
// write is acknowledged before it is on disk, and one whose sync failed is not acknowledged at all.

const apis: Array<TestApi> = []
afterEach(async () => {
  for (const api of apis.splice(0)) await api.close()
})

/** A log sync the test holds: every sync waits until `release`, then does the real fdatasync. */
const heldSync = () => {
  let held: PromiseWithResolvers<void> | undefined
  let waiting = 0
  const sync: WalSync = async (wal) => {
    if (held !== undefined) {
      waiting++
      await held.promise
    }
    await wal.datasync()
  }
  return {
    sync,
    hold: () => void (held = Promise.withResolvers<void>()),
    release: () => {
      held?.resolve()
      held = undefined
    },
    get waiting() {
      return waiting
    }
  }
}

const settledWithin = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), ms))])

describe("an acknowledged write is on disk", () => {
  it("a sign-up is answered only after its log sync, and the server keeps answering meanwhile", async () => {
    const disk = heldSync()
    const api = await startTestApi({ walSync: disk.sync })
    apis.push(api)
    const existing = await signUpWithToken(api.client(), uniqueEmail("durable-existing"))

    disk.hold()
    const signUp = signUpWithToken(api.client(), uniqueEmail("durable-held"))
    expect(await settledWithin(signUp, 500)).toBe(false)
    expect(disk.waiting).toBeGreaterThan(0)
    // The event loop is not waiting on the disk: a live session is answered at once.
    const whoami = await api.client(existing).session.whoami.query()
    expect(whoami.session.state).toBe("active.unverified")

    disk.release()
    expect(typeof (await signUp)).toBe("string")
  })

  it("a write whose sync failed is refused as STORE_UNAVAILABLE, not acknowledged", async () => {
    let failing = false
    const api = await startTestApi({
      walSync: async (wal) => {
        if (failing) throw Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" })
        await wal.datasync()
      }
    })
    apis.push(api)
    failing = true
    const failure = await failureOf(
      api
        .client()
        .auth.signUp.mutate({ email: uniqueEmail("durable-eio"), password: strongPassword, transport: "token" })
    )
    expect(failure.reason).toBe("STORE_UNAVAILABLE")
  })
})
