// Over 200 lines on purpose: every refusal of inspect.* (no cookie, user sessions, wrong token, other origins, ended sign-ins, masking, no secrets) over one server.
import { testAdminToken } from "@verity/testing"
import { createHash } from "node:crypto"
import type { TRPCClient } from "@trpc/client"
import type { AppRouter } from "@verity/api"
import { Users } from "@verity/store"
import { Effect, Option } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  failureOf,
  signUpWithToken,
  startTestApi,
  storeSnapshot,
  strongPassword,
  type TestApi,
  uniqueEmail
} from "@verity/test-api"
import { inspectorBrowser, signedInInspector } from "./support/inspectorBrowser.ts"

// The inspector over real HTTP, as an attacker or a careless operator would meet it: nothing
// answers without the inspector cookie, which only the operator token buys; a user's session,
// the token itself as a bearer, another site's page or an ended sign-in get nothing; addresses
// are masked until revealed, and every reveal is in the audit log; no secret leaves the server.

let api: TestApi

beforeAll(async () => {
  api = await startTestApi()
})
afterAll(async () => {
  await api?.close()
})

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex")

/** A user with a session and one change (version 2, a new password), and the user's id. */
const userWithSession = async (label: string) => {
  const email = uniqueEmail(label)
  const token = await signUpWithToken(api.client(), email)
  await api.client(token).account.changePassword.mutate({
    currentPassword: strongPassword,
    newPassword: `${strongPassword} and more`
  })
  const { user } = await api.client(token).session.whoami.query()
  return { email, token, userId: user.id }
}

/** A count of operator-token guesses (the rate limit's), the one write a wrong token makes. */
const isGuessCount = (row: unknown) => (row as { key: string }).key.startsWith("admin_token_ip:")

const withoutGuessCounts = (snapshot: Record<string, Array<unknown>>) => ({
  ...snapshot,
  rate_limits: snapshot["rate_limits"]?.filter((row) => !isGuessCount(row))
})

/** Every read of the inspector, for a user and one of their sessions. */
const everyRead = (client: TRPCClient<AppRouter>, userId: string, sessionId: string) => ({
  status: () => client.inspect.status.query(),
  health: () => client.inspect.health.query(),
  findUser: () => client.inspect.findUser.query({ query: userId }),
  sessionsOf: () => client.inspect.sessionsOf.query({ userId }),
  trail: () => client.inspect.trail.query({ sessionId }),
  replay: () => client.inspect.replay.query({ sessionId }),
  exportTrail: () => client.inspect.exportTrail.query({ sessionId }),
  fanOut: () => client.inspect.fanOut.query({ userId, version: 2 }),
  auditLog: () => client.inspect.auditLog.query(),
  revealEmail: () => client.inspect.revealEmail.mutate({ userId }),
  signOut: () => client.inspect.signOut.mutate()
})

/** The first event or the error of a subscription. */
const firstOfWatch = (client: TRPCClient<AppRouter>, userId: string) =>
  new Promise<{ data?: unknown; error?: { data?: { reason?: string; httpStatus?: number } } }>((resolve) => {
    const subscription = client.inspect.watchUser.subscribe(
      { userId },
      {
        onData: (data) => {
          subscription.unsubscribe()
          resolve({ data })
        },
        onError: (error) => {
          subscription.unsubscribe()
          resolve({ error: error as { data?: { reason?: string } } })
        }
      }
    )
  })

describe("inspect.* without a valid inspector sign-in", () => {
  it("refuses every procedure and the live feed without the inspector cookie", async () => {
    const { token, userId } = await userWithSession("no-cookie")
    const { session } = await api.client(token).session.whoami.query()
    const reads = everyRead(inspectorBrowser(api.url).client, userId, session.id)
    for (const [name, read] of Object.entries(reads)) {
      expect(await failureOf(read()), name).toMatchObject({ reason: "UNAUTHENTICATED", httpStatus: 401 })
    }
    expect((await firstOfWatch(inspectorBrowser(api.url).client, userId)).error?.data).toMatchObject({
      reason: "UNAUTHENTICATED"
    })
  })

  it("refuses a user's session, by bearer token or by the session cookie", async () => {
    const { token, userId } = await userWithSession("user-session")
    const { session } = await api.client(token).session.whoami.query()
    const byBearer = inspectorBrowser(api.url, { extraHeaders: { authorization: `Bearer ${token}` } })
    const byCookie = inspectorBrowser(api.url, { extraHeaders: { cookie: `verity_session=${token}` } })
    for (const browser of [byBearer, byCookie]) {
      for (const [name, read] of Object.entries(everyRead(browser.client, userId, session.id))) {
        expect(await failureOf(read()), name).toMatchObject({ reason: "UNAUTHENTICATED", httpStatus: 401 })
      }
    }
  })

  it("refuses the operator token itself as a bearer: only inspect.signIn takes it", async () => {
    const { userId } = await userWithSession("admin-bearer")
    const asBearer = inspectorBrowser(api.url, { extraHeaders: { authorization: `Bearer ${testAdminToken}` } })
    expect(await failureOf(asBearer.client.inspect.sessionsOf.query({ userId }))).toMatchObject({
      reason: "UNAUTHENTICATED"
    })
  })

  it("refuses a wrong operator token, sets no cookie, and writes nothing but the count of guesses", async () => {
    const browser = inspectorBrowser(api.url)
    const before = storeSnapshot(api.dataDir)
    for (const operatorToken of ["wrong-token", `${testAdminToken} `, testAdminToken.toUpperCase(), "x".repeat(512)]) {
      expect(await failureOf(browser.client.inspect.signIn.mutate({ operatorToken }))).toMatchObject({
        reason: "FORBIDDEN",
        httpStatus: 403
      })
    }
    expect(browser.setCookieHeaders).toEqual([])
    // Each guess is counted per address, as for admin.* (a burst is refused RATE_LIMITED); nothing else.
    const after = storeSnapshot(api.dataDir)
    expect(withoutGuessCounts(after)).toEqual(withoutGuessCounts(before))
    expect(after["rate_limits"]?.some(isGuessCount)).toBe(true)
  })

  it("refuses the sign-in and every read from another site's page, even with a valid cookie", async () => {
    const { userId } = await userWithSession("other-origin")
    const evil = inspectorBrowser(api.url, { origin: "https://evil.example" })
    const before = storeSnapshot(api.dataDir)
    expect(await failureOf(evil.client.inspect.signIn.mutate({ operatorToken: testAdminToken }))).toMatchObject({
      reason: "CROSS_SITE_REQUEST",
      httpStatus: 403
    })
    expect(evil.setCookieHeaders).toEqual([])
    expect(storeSnapshot(api.dataDir)).toEqual(before)

    const signedIn = await signedInInspector(api.url)
    const cookie = [...signedIn.cookies].map(([name, value]) => `${name}=${value}`).join("; ")
    const evilWithCookie = inspectorBrowser(api.url, { origin: "https://evil.example", extraHeaders: { cookie } })
    expect(await failureOf(evilWithCookie.client.inspect.sessionsOf.query({ userId }))).toMatchObject({
      reason: "CROSS_SITE_REQUEST"
    })
    expect((await firstOfWatch(evilWithCookie.client, userId)).error?.data).toMatchObject({
      reason: "CROSS_SITE_REQUEST"
    })
    expect(await signedIn.client.inspect.sessionsOf.query({ userId })).toMatchObject({ user: { id: userId } })
  })

  it("refuses a sign-in that ended (sign-out) or expired (after 30 minutes)", async () => {
    const { userId } = await userWithSession("ended")
    const signedOut = await signedInInspector(api.url)
    const cookie = [...signedOut.cookies].map(([name, value]) => `${name}=${value}`).join("; ")
    await signedOut.client.inspect.signOut.mutate()
    expect(signedOut.cookies.size).toBe(0)
    const replayed = inspectorBrowser(api.url, { extraHeaders: { cookie } })
    expect(await failureOf(replayed.client.inspect.sessionsOf.query({ userId }))).toMatchObject({
      reason: "UNAUTHENTICATED"
    })

    const expiring = await signedInInspector(api.url)
    expect(await expiring.client.inspect.status.query()).toMatchObject({ instanceId: expect.any(String) })
    api.clock.advance("31 minutes")
    expect(await failureOf(expiring.client.inspect.status.query())).toMatchObject({ reason: "UNAUTHENTICATED" })
  })
})

describe("the inspector sign-in", () => {
  it("yields a separate, HttpOnly, SameSite=Strict cookie that lasts 30 minutes, and no token in the body", async () => {
    const browser = inspectorBrowser(api.url)
    const answer = await browser.client.inspect.signIn.mutate({ operatorToken: testAdminToken })
    expect(Object.keys(answer)).toEqual(["expiresAt"])
    const [header] = browser.setCookieHeaders
    expect(browser.setCookieHeaders).toHaveLength(1)
    expect(header).toMatch(/^verity_inspector=[\w-]{43};/)
    expect(header).toMatch(/; HttpOnly/i)
    expect(header).toMatch(/; SameSite=Strict/i)
    expect(header).toMatch(/; Path=\//)
    expect(header).toMatch(/; Max-Age=1800/)
    expect(header).not.toContain(testAdminToken)
  })

  it("on an https PUBLIC_URL, names the cookie __Host- and makes it Secure", async () => {
    const secure = await startTestApi({ env: { PUBLIC_URL: "https://verity.example" } })
    try {
      const browser = inspectorBrowser(secure.url, { origin: "https://verity.example" })
      await browser.client.inspect.signIn.mutate({ operatorToken: testAdminToken })
      expect(browser.setCookieHeaders[0]).toMatch(/^__Host-verity_inspector=[\w-]{43};.*; Secure/i)
      expect(browser.setCookieHeaders[0]).not.toMatch(/Domain=/i)
    } finally {
      await secure.close()
    }
  })

  it("stores only the hash of the cookie's token", async () => {
    const browser = await signedInInspector(api.url)
    const token = browser.cookies.get("verity_inspector")!
    const stored = JSON.stringify(storeSnapshot(api.dataDir)["inspector_accesses"])
    expect(stored).not.toContain(token)
    expect(stored).toContain(sha256(token))
  })
})

describe("what the inspector shows", () => {
  it("masks addresses everywhere, reveals one only on request, and the audit log lists the sign-in and the reveal", async () => {
    const { email, token, userId } = await userWithSession("masked")
    const { session } = await api.client(token).session.whoami.query()
    const operator = inspectorBrowser(api.url, { extraHeaders: { "user-agent": "operator-laptop/1.0" } })
    await operator.client.inspect.signIn.mutate({ operatorToken: testAdminToken })
    const masked = `${email[0]}…@${email.split("@")[1]}`

    const answers = await Promise.all([
      operator.client.inspect.findUser.query({ query: email }),
      operator.client.inspect.sessionsOf.query({ userId }),
      operator.client.inspect.trail.query({ sessionId: session.id }),
      operator.client.inspect.replay.query({ sessionId: session.id }),
      operator.client.inspect.exportTrail.query({ sessionId: session.id })
    ])
    const shown = JSON.stringify(answers)
    expect(shown).not.toContain(email)
    expect(shown).toContain(masked)
    expect(answers[0].user).toMatchObject({ id: userId, email: masked })

    expect(await operator.client.inspect.revealEmail.mutate({ userId })).toEqual({ email })
    const { entries } = await operator.client.inspect.auditLog.query()
    expect(entries.slice(0, 2)).toMatchObject([
      { action: "emailRevealed", subjectUserId: userId, userAgent: "operator-laptop/1.0", ip: "127.0.0.1" },
      { action: "signedIn", subjectUserId: null, userAgent: "operator-laptop/1.0", ip: "127.0.0.1" }
    ])
    expect(entries[0]!.accessId).toBe(entries[1]!.accessId)
  })

  it("answers no token, code, token hash or password hash, in any answer", async () => {
    const { email, token, userId } = await userWithSession("secrets")
    const { session } = await api.client(token).session.whoami.query()
    const operator = await signedInInspector(api.url)
    const user = await api.runtime.runPromise(
      Users.use((users) => Effect.map(users.findById(userId), Option.getOrThrow))
    )
    const answers = JSON.stringify(
      await Promise.all([
        operator.client.inspect.findUser.query({ query: email }),
        operator.client.inspect.sessionsOf.query({ userId }),
        operator.client.inspect.trail.query({ sessionId: session.id }),
        operator.client.inspect.replay.query({ sessionId: session.id }),
        operator.client.inspect.exportTrail.query({ sessionId: session.id }),
        operator.client.inspect.fanOut.query({ userId, version: 2 }),
        operator.client.inspect.auditLog.query(),
        operator.client.inspect.status.query()
      ])
    )
    for (const secret of [token, sha256(token), user.passwordHash, operator.cookies.get("verity_inspector")!]) {
      expect(answers).not.toContain(secret)
    }
    expect(answers).not.toContain(testAdminToken)
    expect(answers).not.toMatch(/\$argon2/)
    expect(answers).not.toContain(strongPassword)
    expect(answers).toContain('"outcome":"reached"')
  })

  it("is read-only: using every procedure changes no user and no session", async () => {
    const { token, userId } = await userWithSession("read-only")
    const { session } = await api.client(token).session.whoami.query()
    const operator = await signedInInspector(api.url)
    const before = storeSnapshot(api.dataDir)
    const reads = everyRead(operator.client, userId, session.id)
    const { signOut, ...beforeSignOut } = reads
    for (const read of Object.values(beforeSignOut)) await read()
    await signOut()
    const after = storeSnapshot(api.dataDir)
    expect({ users: after["users"], sessions: after["sessions"] }).toEqual({
      users: before["users"],
      sessions: before["sessions"]
    })
    expect(await api.client(token).session.whoami.query()).toMatchObject({ session: { id: session.id } })
  })
})

describe("guessing the operator token", () => {
  it("is refused RATE_LIMITED after 10 wrong tokens from one address, and then even the right one waits", async () => {
    // Its own server: the block would shut every other test of this file out for an hour.
    const guessed = await startTestApi()
    try {
      const browser = inspectorBrowser(guessed.url)
      for (let guess = 0; guess < 10; guess++) {
        expect(
          await failureOf(browser.client.inspect.signIn.mutate({ operatorToken: `guess-${guess}` }))
        ).toMatchObject({ reason: "FORBIDDEN" })
      }
      for (const operatorToken of ["guess-10", testAdminToken]) {
        expect(await failureOf(browser.client.inspect.signIn.mutate({ operatorToken }))).toMatchObject({
          reason: "RATE_LIMITED",
          httpStatus: 429
        })
      }
      expect(browser.cookies.size).toBe(0)
    } finally {
      await guessed.close()
    }
  })
})

describe("with ADMIN_TOKEN unset", () => {
  it("the inspector does not exist: every inspect.* procedure answers NOT_FOUND", async () => {
    const closed = await startTestApi({ env: { ADMIN_TOKEN: "" } })
    try {
      const browser = inspectorBrowser(closed.url)
      expect(await failureOf(browser.client.inspect.signIn.mutate({ operatorToken: testAdminToken }))).toMatchObject({
        reason: "NOT_FOUND",
        httpStatus: 404
      })
      expect(await failureOf(browser.client.inspect.status.query())).toMatchObject({ reason: "NOT_FOUND" })
    } finally {
      await closed.close()
    }
  })
})
