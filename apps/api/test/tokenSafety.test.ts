import { type CaughtMail, resetLinkToken, verificationCode, verificationLinkToken } from "@verity/testing"
import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it, vi } from "vitest"
import {
  failureOf,
  signUpWithToken,
  startTestApiWithMail,
  storeSnapshot,
  strongPassword,
  testApiWithMailForFile,
  uniqueEmail
} from "@verity/test-api"
import { clientFrom } from "./support/clientFrom.ts"

// What an attacker can do with one-time tokens: keep using a reset link after the owner changed
// the password, void the owner's link or use up the owner's requests by asking for links in the
// owner's name, or read working links and codes out of the store once the mail is delivered.

const api = testApiWithMailForFile()

const resetMails = (email: string) =>
  api.mail.messages.filter((mail) => mail.to.includes(email) && mail.subject === "Reset your password")

/** The next reset email to `email` after the `seen` ones. */
const nextResetLink = async (email: string, seen: number) => {
  await vi.waitFor(() => expect(resetMails(email).length).toBeGreaterThan(seen))
  return resetLinkToken(resetMails(email)[seen]!)
}

describe("password-reset links", () => {
  it("a password change voids the reset links asked for before it", async () => {
    const email = uniqueEmail("reset-then-change")
    const session = api.client(await signUpWithToken(api.client(), email))
    await api.client().auth.requestPasswordReset.mutate({ email })
    const asked = await nextResetLink(email, 0)

    await session.account.changePassword.mutate({
      currentPassword: strongPassword,
      newPassword: "the owner's new passphrase"
    })
    expect(
      await failureOf(api.client().auth.resetPassword.mutate({ token: asked, newPassword: "the thief's passphrase" }))
    ).toMatchObject({ reason: "TOKEN_INVALID", httpStatus: 400 })

    await api.client().auth.requestPasswordReset.mutate({ email })
    const askedAfter = await nextResetLink(email, 1)
    await expect(
      api.client().auth.resetPassword.mutate({ token: askedAfter, newPassword: "a later passphrase, fine" })
    ).resolves.toEqual({ ok: true })
  })

  it("a stranger's requests neither void the owner's link nor use up the owner's requests", async () => {
    const email = uniqueEmail("reset-flooded")
    await signUpWithToken(api.client(), email)
    const owner = clientFrom(api.url, "127.0.0.1")
    const stranger = clientFrom(api.url, "127.0.0.2")

    await owner.auth.requestPasswordReset.mutate({ email })
    const ownersFirst = await nextResetLink(email, 0)
    for (let request = 0; request < 3; request++) await stranger.auth.requestPasswordReset.mutate({ email })
    expect(await failureOf(stranger.auth.requestPasswordReset.mutate({ email }))).toMatchObject({
      reason: "RATE_LIMITED",
      httpStatus: 429
    })

    await expect(owner.auth.requestPasswordReset.mutate({ email })).resolves.toEqual({ ok: true })
    const ownersSecond = await nextResetLink(email, 4)
    expect(ownersSecond).not.toBe(ownersFirst)
    await expect(
      owner.auth.resetPassword.mutate({ token: ownersFirst, newPassword: "the owner's own new passphrase" })
    ).resolves.toEqual({ ok: true })
    // Once the password is reset, every other link of the flood would set it again: they are void.
    expect(
      await failureOf(owner.auth.resetPassword.mutate({ token: ownersSecond, newPassword: "and once more, no" }))
    ).toMatchObject({ reason: "TOKEN_INVALID" })
  })
})

type OutboxRow = { settled: number; doc: string }

/** The outbox rows of mails to `email`, as the store holds them. */
const outboxOf = (email: string) =>
  (storeSnapshot(api.dataDir)["outbox"] as Array<OutboxRow>)
    .map((row) => ({ settled: row.settled === 1, ...(JSON.parse(row.doc) as { mail: Record<string, unknown> }) }))
    .filter((record) => record.mail["to"] === email)

const waitForDelivered = (email: string, subject: string): Promise<CaughtMail> =>
  api.mail.waitForMail((mail) => mail.to.includes(email) && mail.subject === subject)

describe("the outbox after delivery", () => {
  it("keeps no working link or code of a delivered email, in any row or in the file", async () => {
    const email = uniqueEmail("outbox")
    const session = api.client(await signUpWithToken(api.client(), email))
    const verification = await waitForDelivered(email, "Confirm your email address")
    await api.client().auth.requestPasswordReset.mutate({ email })
    const reset = await waitForDelivered(email, "Reset your password")
    const secrets = [verificationLinkToken(verification), verificationCode(verification), resetLinkToken(reset)]

    await vi.waitFor(() => expect(outboxOf(email).map((record) => record.settled)).toEqual([true, true]))
    for (const record of outboxOf(email)) {
      const kept = JSON.stringify(record.mail)
      for (const secret of secrets) expect(kept).not.toContain(secret)
      expect(record.mail["text"]).toContain("[removed once sent]")
    }
    const everyRow = JSON.stringify(storeSnapshot(api.dataDir))
    for (const secret of [secrets[0]!, secrets[2]!]) expect(everyRow).not.toContain(secret)

    // Still usable from the mailbox it was sent to: only the store's copy lost them.
    await api.client().auth.verifyEmail.mutate({ token: secrets[0]! })
    expect((await session.session.whoami.query()).user.emailConfirmed).toBe(true)
  })
})

describe("the embedded store's files", () => {
  it("are readable by the server's user only, from the moment they are made", async () => {
    const parent = await mkdtemp(join(tmpdir(), "verity-modes-"))
    const dataDir = join(parent, "data")
    const own = await startTestApiWithMail({ dataDir })
    try {
      await signUpWithToken(own.client(), uniqueEmail("modes"))
      const files = await readdir(dataDir)
      expect(files).toEqual(expect.arrayContaining(["verity.sqlite", "verity.sqlite-wal", "verity.sqlite-shm"]))
      for (const file of files) expect([file, (await stat(join(dataDir, file))).mode & 0o777]).toEqual([file, 0o600])
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700)
    } finally {
      await own.close()
      await rm(parent, { recursive: true, force: true })
    }
  })

  it("keep no delivered link in their bytes once the server has closed them", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "verity-bytes-"))
    const own = await startTestApiWithMail({ dataDir })
    let token: string
    try {
      const email = uniqueEmail("bytes")
      await signUpWithToken(own.client(), email)
      token = verificationLinkToken(await own.mail.waitForMail((mail) => mail.to.includes(email)))
      await vi.waitFor(() => {
        const rows = storeSnapshot(dataDir)["outbox"] as Array<OutboxRow>
        expect(rows.map((row) => row.settled)).toEqual([1])
      })
    } finally {
      await own.close()
    }
    for (const file of await readdir(dataDir)) {
      expect((await readFile(join(dataDir, file))).includes(token), file).toBe(false)
    }
    await rm(dataDir, { recursive: true, force: true })
  })
})
