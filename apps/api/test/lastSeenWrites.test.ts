import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it, vi } from "vitest"
import { signInWithToken, signUpWithToken, startTestApi, storeSnapshot, uniqueEmail } from "@verity/test-api"

// lastSeenAt is written in batches (once a second, one transaction for every session seen): what
// the store shows must still catch up, survive a shutdown, and keep idle expiry where it was.

const dirs: Array<string> = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

const storedLastSeen = (dataDir: string): Map<string, string> =>
  new Map(
    (storeSnapshot(dataDir)["sessions"] as Array<{ id: string; doc: string }>).map((row) => [
      row.id,
      (JSON.parse(row.doc) as { lastSeenAt: string }).lastSeenAt
    ])
  )

const whoamiOf = async (url: string, token: string) => {
  const answer = await fetch(`${url}/trpc/session.whoami`, { headers: { authorization: `Bearer ${token}` } })
  const body = (await answer.json()) as {
    result?: { data: { session: { id: string; lastSeenAt: string } } }
    error?: { data: { reason: string; revokedReason?: string } }
  }
  return { status: answer.status, session: body.result?.data.session, error: body.error?.data }
}

describe("lastSeenAt in the store", () => {
  it("catches up with every session's last request within about a second", async () => {
    const api = await startTestApi()
    try {
      const email = uniqueEmail("last-seen")
      const tokens = [await signUpWithToken(api.client(), email)]
      for (let index = 0; index < 4; index++) tokens.push(await signInWithToken(api.client(), email))
      api.clock.advance("2 minutes")
      const seen = await Promise.all(tokens.map(async (token) => (await whoamiOf(api.url, token)).session!))
      await vi.waitFor(
        () => {
          const stored = storedLastSeen(api.dataDir)
          for (const session of seen) expect(stored.get(session.id)).toBe(session.lastSeenAt)
        },
        { timeout: 3_000, interval: 100 }
      )
    } finally {
      await api.close()
    }
  })

  it("is written when the server stops, even if the next flush was not due", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "verity-last-seen-"))
    dirs.push(dataDir)
    const api = await startTestApi({ dataDir })
    const token = await signUpWithToken(api.client(), uniqueEmail("last-seen-stop"))
    api.clock.advance("2 minutes")
    const { session } = await whoamiOf(api.url, token)
    await api.close()
    expect(storedLastSeen(dataDir).get(session!.id)).toBe(session!.lastSeenAt)
  })

  it("an evicted session comes back as recently seen as it was: idle expiry unchanged", async () => {
    const api = await startTestApi()
    try {
      const email = uniqueEmail("last-seen-idle")
      const active = await signUpWithToken(api.client(), email)
      const idle = await signInWithToken(api.client(), email)
      // SESSION_IDLE_TIMEOUT is 7 days: one session is used on day 6, the other never again.
      api.clock.advance("6 days")
      expect((await whoamiOf(api.url, active)).status).toBe(200)
      // Out of memory at once, before the next flush is due: the rebuild must not read the old date.
      await api.evictAllActors()
      api.clock.advance("2 days")
      const stillActive = await whoamiOf(api.url, active)
      expect(stillActive.status).toBe(200)
      const expired = await whoamiOf(api.url, idle)
      expect(expired.error).toMatchObject({ reason: "SESSION_REVOKED", revokedReason: "expired" })
    } finally {
      await api.close()
    }
  })
})
