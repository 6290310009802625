import {
  signInWithToken,
  signUpWithToken,
  startTestApi,
  strongPassword,
  type TestApi,
  uniqueEmail
} from "@verity/test-api"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freePort } from "@verity/testing"
import { exampleBackends, type RunningBackend } from "./support/backends.ts"

// The README's example backends (Fastify, Express, Hono), each a real HTTP server in front of
// the real Verity API, asked the way a browser or a program asks them.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(async () => {
  await api?.close()
})

/** Signs in like a browser does (cookie transport) and answers its `verity_session=…` cookie. */
const signInWithCookie = async (email: string) => {
  const answer = await fetch(`${api.url}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: strongPassword })
  })
  const cookie = answer.headers.getSetCookie().find((header) => header.startsWith("verity_session="))
  if (!answer.ok || cookie === undefined) throw new Error(`cookie sign-in failed: ${answer.status}`)
  return cookie.split(";")[0]!
}

const ask = async (backend: RunningBackend, headers: Record<string, string>) => {
  const answer = await fetch(`${backend.url}/me`, { headers })
  return {
    status: answer.status,
    body: (await answer.json()) as unknown,
    version: answer.headers.get("x-verity-user-version")
  }
}

describe.each(exampleBackends)("the session check behind $framework", ({ start }) => {
  let backend: RunningBackend
  beforeAll(async () => {
    backend = await start(api.url)
  })
  afterAll(async () => {
    await backend?.close()
  })

  it("lets the user's cookie and bearer token through, and refuses both at once after a password change elsewhere", async () => {
    const email = uniqueEmail("backend")
    const token = await signUpWithToken(api.client(), email)
    const cookie = await signInWithCookie(email)
    // The browser sends the backend's own cookies too; only Verity's matters.
    const byCookie = { cookie: `theme=dark; ${cookie}; cart=3` }
    const byToken = { authorization: `Bearer ${token}` }

    expect(await ask(backend, byCookie)).toEqual({ status: 200, body: { email, emailConfirmed: false }, version: "1" })
    expect(await ask(backend, byToken)).toEqual({ status: 200, body: { email, emailConfirmed: false }, version: "1" })

    const elsewhere = await signInWithToken(api.client(), email)
    await api.client(elsewhere).account.changePassword.mutate({
      currentPassword: strongPassword,
      newPassword: "a different strong passphrase 77"
    })

    const revoked = { status: 401, body: { error: "SESSION_REVOKED", revokedReason: "passwordChanged" }, version: null }
    expect(await ask(backend, byCookie)).toEqual(revoked)
    expect(await ask(backend, byToken)).toEqual(revoked)
  })

  it("answers UNAUTHENTICATED without credentials and for a session Verity does not know", async () => {
    const unauthenticated = { status: 401, body: { error: "UNAUTHENTICATED", revokedReason: null }, version: null }
    expect(await ask(backend, {})).toEqual(unauthenticated)
    expect(await ask(backend, { cookie: "theme=dark" })).toEqual(unauthenticated)
    expect(await ask(backend, { authorization: "Bearer not-a-session" })).toEqual(unauthenticated)
  })

  it("forwards x-verity-min-version, so a caller never reads the user older than it has seen", async () => {
    const email = uniqueEmail("backend-causal")
    const byToken = { authorization: `Bearer ${await signUpWithToken(api.client(), email)}` }
    expect(await ask(backend, byToken)).toMatchObject({ body: { emailConfirmed: false }, version: "1" })

    // A write this instance's live sessions did not hear of (as on another instance, or an
    // operator's direct store write): without the header the answer is still the old state.
    const written = await api.writeUserBehindTheApi(email, { emailConfirmed: true })
    expect(await ask(backend, byToken)).toMatchObject({ body: { emailConfirmed: false }, version: "1" })

    const caughtUp = await ask(backend, { ...byToken, "x-verity-min-version": String(written.version) })
    expect(caughtUp).toEqual({ status: 200, body: { email, emailConfirmed: true }, version: String(written.version) })

    expect(await ask(backend, { ...byToken, "x-verity-min-version": "soon" })).toEqual({
      status: 400,
      body: { error: "VALIDATION", revokedReason: null },
      version: null
    })
  })

  it("says Verity is unreachable, which is not a sign-out", async () => {
    const stranded = await start(`http://127.0.0.1:${await freePort()}`)
    try {
      expect(await ask(stranded, { authorization: "Bearer some-session" })).toEqual({
        status: 503,
        body: { error: "VERITY_UNREACHABLE" },
        version: null
      })
    } finally {
      await stranded.close()
    }
  })
})
