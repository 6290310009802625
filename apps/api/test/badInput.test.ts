import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { signUpWithToken, startTestApi, storeSnapshot, type TestApi, uniqueEmail } from "@verity/test-api"

// Hostile or malformed requests, sent as raw HTTP the way an attacker (or a buggy client in
// another language) would: each gets a 4xx with a clear reason, never a 500, and the store is
// byte-for-byte what it was.

let api: TestApi
let token: string

beforeAll(async () => {
  api = await startTestApi()
  token = await signUpWithToken(api.client(), uniqueEmail("bad-input"))
  // The sign-up's email is delivered in the background; let that write land before comparing.
  await vi.waitFor(() => {
    const outbox = storeSnapshot(api.dataDir)["outbox"] as Array<{ settled: number }>
    expect(outbox.every((row) => row.settled === 1)).toBe(true)
  })
})
afterAll(async () => {
  await api?.close()
})

type Answer = { status: number; reason: string | undefined; message: string | undefined }

const call = async (path: string, init: RequestInit & { auth?: boolean } = {}): Promise<Answer> => {
  const headers = new Headers(init.headers)
  if (init.auth === true) headers.set("authorization", `Bearer ${token}`)
  const response = await fetch(`${api.url}${path}`, { ...init, headers })
  const text = await response.text()
  let body: { error?: { message?: string; data?: { reason?: string } } } = {}
  try {
    body = JSON.parse(text)
  } catch {
    throw new Error(`${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`)
  }
  return { status: response.status, reason: body.error?.data?.reason, message: body.error?.message }
}

const mutate = (procedure: string, body: string, auth = false) =>
  call(`/trpc/${procedure}`, { method: "POST", headers: { "content-type": "application/json" }, body, auth })

const expectRefusedWithoutChange = async (request: () => Promise<Answer>, reason = "VALIDATION") => {
  const before = storeSnapshot(api.dataDir)
  const answer = await request()
  expect(answer.status, JSON.stringify(answer)).toBeGreaterThanOrEqual(400)
  expect(answer.status, JSON.stringify(answer)).toBeLessThan(500)
  expect(answer.reason).toBe(reason)
  expect(answer.message).toBeTruthy()
  expect(storeSnapshot(api.dataDir)).toEqual(before)
  return answer
}

const hostileValues = [
  "null",
  "42",
  '"text"',
  "[]",
  "{}",
  "true",
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}'
]

describe("malformed input is a 4xx with data.reason and changes nothing", () => {
  const withCredentials = ["auth.signUp", "auth.signIn"]

  for (const procedure of withCredentials) {
    it(`${procedure}: wrong shapes and hostile values`, async () => {
      for (const body of [
        ...hostileValues,
        JSON.stringify({ email: "not-an-email", password: "correct horse battery staple" }),
        JSON.stringify({ email: 5, password: "x" }),
        JSON.stringify({ email: "a@b.co" }),
        JSON.stringify({ email: `${"a".repeat(400)}@example.test`, password: "correct horse battery staple" }),
        JSON.stringify({ email: "a@b.co", password: "p".repeat(1025) }),
        JSON.stringify({ email: "a@b.co", password: "" }),
        JSON.stringify({ email: "a@b.co", password: "correct horse battery staple", transport: "carrier-pigeon" })
      ]) {
        await expectRefusedWithoutChange(() => mutate(procedure, body))
      }
    })
  }

  it("a clear message names the field", async () => {
    const answer = await mutate(
      "auth.signUp",
      JSON.stringify({ email: "nope", password: "correct horse battery staple" })
    )
    expect(answer.message).toMatch(/^email: must be an email address/)
  })

  it("auth.signUp with a weak password is WEAK_PASSWORD and creates no account", async () => {
    await expectRefusedWithoutChange(
      () => mutate("auth.signUp", JSON.stringify({ email: uniqueEmail(), password: "short" })),
      "WEAK_PASSWORD"
    )
    await expectRefusedWithoutChange(
      () => mutate("auth.signUp", JSON.stringify({ email: uniqueEmail(), password: "passwordpassword" })),
      "WEAK_PASSWORD"
    )
  })

  it("auth.verifyEmail: neither a token nor a 6-digit code", async () => {
    for (const body of [
      ...hostileValues,
      '{"token":""}',
      '{"token":7}',
      '{"code":"12345"}',
      '{"code":"abcdef"}',
      JSON.stringify({ token: "t".repeat(600) })
    ]) {
      await expectRefusedWithoutChange(() => mutate("auth.verifyEmail", body, true))
    }
  })

  it("auth.verifyEmail: a mistyped code is told what a code is, in words (not which key of the other form is missing)", async () => {
    for (const code of ["12345", "12345a", "1234567", " 123456"]) {
      const answer = await expectRefusedWithoutChange(() => mutate("auth.verifyEmail", JSON.stringify({ code }), true))
      expect(answer.message).toBe("code: the code is the 6 digits from the email")
    }
    const emptyToken = await expectRefusedWithoutChange(() =>
      mutate("auth.verifyEmail", JSON.stringify({ token: "" }), true)
    )
    expect(emptyToken.message).toBe("token: the link's token is missing; open the link from the email again")
  })

  it("support.contactUs: blank, oversized or mistyped fields", async () => {
    for (const body of [
      ...hostileValues,
      JSON.stringify({ subject: "   ", message: "hello" }),
      JSON.stringify({ subject: "hi", message: "m".repeat(5_001) }),
      JSON.stringify({ subject: ["hi"], message: "hello" })
    ]) {
      await expectRefusedWithoutChange(() => mutate("support.contactUs", body, true))
    }
  })

  it("procedures that need a session refuse a missing or forged token with UNAUTHENTICATED", async () => {
    for (const procedure of ["auth.signOut", "auth.resendVerification", "support.contactUs"]) {
      const answer = await expectRefusedWithoutChange(() => mutate(procedure, "{}"), "UNAUTHENTICATED")
      expect(answer.status).toBe(401)
    }
    const forged = await call("/trpc/session.whoami", { headers: { authorization: "Bearer forged-token" } })
    expect(forged).toMatchObject({ status: 401, reason: "UNAUTHENTICATED" })
  })

  it("broken HTTP: bad JSON, a huge body, the wrong method, an unknown procedure", async () => {
    await expectRefusedWithoutChange(() => mutate("auth.signUp", '{"email":'))
    const huge = await expectRefusedWithoutChange(() =>
      mutate("auth.signUp", JSON.stringify({ email: "a@b.co", password: "x".repeat(100_000) }))
    )
    expect(huge.status).toBe(413)
    await expectRefusedWithoutChange(() => call("/trpc/auth.signUp?input=%7B%7D"))
    const unknown = await expectRefusedWithoutChange(() => mutate("auth.doesNotExist", "{}"), "NOT_FOUND")
    expect(unknown.status).toBe(404)
  })
})
