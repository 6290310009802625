// Over 200 lines on purpose: the attacks on sign-in (bursts, many addresses, device cookies, the owner's way back) share one server and its clients.
import { resetLinkToken, verificationCode } from "@verity/testing"
import { describe, expect, it } from "vitest"
import {
  type ApiClient,
  distinctLoopbackAddress,
  failureOf,
  signInWithToken,
  signUpWithToken,
  strongPassword,
  testApiWithMailForFile,
  uniqueEmail
} from "@verity/test-api"

// Password guessing as an attacker does it: bursts of concurrent requests, from one address or
// from many, against an account whose owner signs in from a device of their own. Every client
// comes from a loopback address of its own, so the server sees distinct addresses.

const api = testApiWithMailForFile()

/** A client from an address no other client used, one request per call as an attacker sends them. */
const attackerClient = (): ApiClient =>
  api.client(undefined, { from: distinctLoopbackAddress(), separateRequests: true })

/** Connections opened first (cheap calls), so the burst that follows arrives at once, as a prepared attacker's does. */
const prepared = async (client: ApiClient, connections: number) => {
  await Promise.all(Array.from({ length: connections }, () => client.session.whoami.query().catch(() => undefined)))
  return client
}

const signIn = (client: ApiClient, email: string, password: string) =>
  client.auth.signIn.mutate({ email, password, transport: "token" })

/** What each call answered: "ok" or its `data.reason`. */
const outcomes = (calls: ReadonlyArray<Promise<unknown>>) =>
  Promise.all(
    calls.map((call) =>
      call.then(
        () => "ok",
        async () => (await failureOf(call)).reason
      )
    )
  )

const tally = (answers: ReadonlyArray<string>) =>
  answers.reduce<Record<string, number>>((counts, answer) => ({ ...counts, [answer]: (counts[answer] ?? 0) + 1 }), {})

/** An account signed up on its owner's device, which keeps the device cookie it was given. */
const ownerWithDevice = async (label: string) => {
  const email = uniqueEmail(label)
  const device = api.device()
  const token = await signUpWithToken(device.client(), email)
  return { email, device, session: api.device().client(token) }
}

/** Wrong guesses from `addresses` distinct addresses, `perAddress` each, all at once. */
const distributedGuessing = async (email: string, addresses: number, perAddress: number) =>
  outcomes(
    Array.from({ length: addresses }, attackerClient).flatMap((attacker) =>
      Array.from({ length: perAddress }, (_, guess) => signIn(attacker, email, `not the password ${guess}`))
    )
  )

describe("a burst of concurrent guesses from one address", () => {
  it("is counted before any hashing: at most 5 of 60 are evaluated, and the right password hidden in it does not sign in", async () => {
    const { email } = await ownerWithDevice("burst")
    const attacker = await prepared(attackerClient(), 61)
    const answers = await outcomes(
      Array.from({ length: 61 }, (_, guess) =>
        signIn(attacker, email, guess === 30 ? strongPassword : `wrong guess number ${guess}`)
      )
    )
    expect(answers[30]).toBe("RATE_LIMITED")
    expect(tally(answers)).toEqual({ INVALID_CREDENTIALS: 5, RATE_LIMITED: 56 })
  })

  it("of password re-checks in a session (change password, change email): at most 5 of 30 are evaluated", async () => {
    const { session } = await ownerWithDevice("recheck-burst")
    const answers = await outcomes(
      Array.from({ length: 30 }, (_, guess) =>
        session.account.changePassword.mutate({
          currentPassword: `not my password ${guess}`,
          newPassword: "a new passphrase to set"
        })
      )
    )
    expect(tally(answers)).toEqual({ INVALID_CREDENTIALS: 5, RATE_LIMITED: 25 })
  })

  it("of verification codes: every guess counts (15 an hour), and each takes its number before it is compared", async () => {
    const email = uniqueEmail("code-burst")
    const token = await signUpWithToken(api.client(), email)
    const session = await prepared(api.client(token, { separateRequests: true }), 40)
    const right = verificationCode(await api.mail.waitForMail((mail) => mail.to.includes(email)))
    const wrong = (guess: number) => String((Number(right) + 1 + guess) % 1_000_000).padStart(6, "0")
    // Sent seventh: by then five wrong codes have taken the five attempts.
    const rightAt = 6
    const answers = await outcomes(
      Array.from({ length: 40 }, (_, guess) =>
        session.auth.verifyEmail.mutate({ code: guess === rightAt ? right : wrong(guess) })
      )
    )
    expect(answers[rightAt]).not.toBe("ok")
    expect(tally(answers)).toEqual({ CODE_INVALID: 4, TOO_MANY_ATTEMPTS: 11, RATE_LIMITED: 25 })
    expect((await session.session.whoami.query()).user.emailConfirmed).toBe(false)
  })
})

describe("the owner is never locked out by someone else's failures", () => {
  it("a device that signed in before keeps its own allowance while guesses from many addresses hold the account", async () => {
    const { email, device } = await ownerWithDevice("device-owner")
    const attack = tally(await distributedGuessing(email, 12, 10))
    // Each address gets 5 guesses a minute; the account's 30 an hour are gone after six addresses.
    expect(attack["INVALID_CREDENTIALS"]).toBe(30)

    expect(await failureOf(signIn(api.device().client(), email, strongPassword))).toMatchObject({
      reason: "RATE_LIMITED",
      httpStatus: 429
    })
    await expect(signIn(device.client(), email, strongPassword)).resolves.toMatchObject({
      whoami: { user: { email } }
    })
  })

  it("a live session re-checks its password (change password) whatever the guessing elsewhere", async () => {
    const { email, session } = await ownerWithDevice("recheck-owner")
    await distributedGuessing(email, 24, 10)
    await expect(
      session.account.changePassword.mutate({ currentPassword: strongPassword, newPassword: "a different passphrase" })
    ).resolves.toEqual({ revokedSessions: 0 })
  })

  it("one noisy address cannot hold the account: the owner signs in from a new device elsewhere", async () => {
    const { email } = await ownerWithDevice("one-noisy-address")
    const attack = tally(await distributedGuessing(email, 1, 60))
    expect(attack).toEqual({ INVALID_CREDENTIALS: 5, RATE_LIMITED: 55 })
    await expect(signIn(api.device().client(), email, strongPassword)).resolves.toMatchObject({
      whoami: { user: { email } }
    })
  })

  it("a password reset makes the device that opened the link trusted, so the owner can sign in there during an attack", async () => {
    const { email } = await ownerWithDevice("reset-owner")
    await distributedGuessing(email, 12, 10)
    const newDevice = api.device()
    expect(await failureOf(signIn(newDevice.client(), email, strongPassword))).toMatchObject({
      reason: "RATE_LIMITED"
    })
    await newDevice.client().auth.requestPasswordReset.mutate({ email })
    const token = resetLinkToken(
      await api.mail.waitForMail((mail) => mail.to.includes(email) && mail.subject === "Reset your password")
    )
    const newPassword = "reset during an attack 7"
    await newDevice.client().auth.resetPassword.mutate({ token, newPassword })
    await expect(signIn(newDevice.client(), email, newPassword)).resolves.toMatchObject({
      whoami: { user: { email } }
    })
  })
})

describe("device cookies", () => {
  it("are HttpOnly, SameSite=Strict and only sent to the API; one device keeps one per account", async () => {
    const device = api.device()
    const first = uniqueEmail("cookie-first")
    const second = uniqueEmail("cookie-second")
    await signUpWithToken(device.client(), first)
    const afterFirst = device.jar.get("verity_device") ?? ""
    expect(afterFirst).toMatch(/^[\w-]{22}\.[\w-]{43}$/)
    await signUpWithToken(device.client(), second)
    await signInWithToken(device.client(), first)
    expect(device.jar.get("verity_device")?.split("~")).toHaveLength(2)
    expect(device.jar.get("verity_device")).toContain(afterFirst)

    const response = await fetch(`${api.url}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: first, password: strongPassword, transport: "token" })
    })
    const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith("verity_device=")) ?? ""
    expect(header).toMatch(/; HttpOnly/i)
    expect(header).toMatch(/; SameSite=Strict/i)
    expect(header).toMatch(/; Path=\/trpc/i)
  })

  it("a device cookie made for one account, or a forged one, gives no allowance for another", async () => {
    const { email: victim } = await ownerWithDevice("cookie-victim")
    const attackerDevice = api.device()
    await signUpWithToken(attackerDevice.client(), uniqueEmail("cookie-attacker"))
    const [token = ""] = (attackerDevice.jar.get("verity_device") ?? "").split("~")
    attackerDevice.jar.set("verity_device", `${token}~${"A".repeat(22)}.${"B".repeat(43)}`)
    const attacker = attackerDevice.client()
    const answers = tally(
      await outcomes(Array.from({ length: 8 }, (_, guess) => signIn(attacker, victim, `guess ${guess} at it`)))
    )
    // Untrusted: the minute's 5 per address, not a trusted device's 10.
    expect(answers).toEqual({ INVALID_CREDENTIALS: 5, RATE_LIMITED: 3 })
  })

  it("a trusted device's own failures do limit it, after 10 in an hour", async () => {
    const { email, device } = await ownerWithDevice("device-typos")
    const answers = tally(
      await outcomes(
        Array.from({ length: 12 }, (_, guess) => signIn(device.client(), email, `my typo number ${guess}`))
      )
    )
    expect(answers).toEqual({ INVALID_CREDENTIALS: 10, RATE_LIMITED: 2 })
  })
})
