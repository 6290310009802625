import { createTRPCClient, httpBatchLink } from "@trpc/client"
import { describe, expect, it } from "vitest"
import { failureOf, strongPassword, testApiForFile, uniqueEmail } from "@verity/test-api"
import type { AppRouter } from "@verity/api"

// Browsers get the session as an HttpOnly cookie; the body never carries the token.

const api = testApiForFile({ env: { PUBLIC_URL: "https://verity.example.test" } })

/** The real tRPC client with a cookie jar, as a browser would keep it (by name; a cleared one goes). */
const browserLikeClient = () => {
  const jar = { cookies: new Map<string, string>(), setCookieHeaders: [] as Array<string> }
  const client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${api.url}/trpc`,
        fetch: async (input, init) => {
          const headers = new Headers(init?.headers as ConstructorParameters<typeof Headers>[0])
          if (jar.cookies.size > 0) headers.set("cookie", [...jar.cookies.values()].join("; "))
          const response = await fetch(input, { ...(init as RequestInit), headers })
          for (const header of response.headers.getSetCookie()) {
            jar.setCookieHeaders.push(header)
            const [pair = ""] = header.split(";")
            const name = pair.slice(0, pair.indexOf("="))
            if (/=\s*$/.test(pair) || /Max-Age=0/i.test(header)) jar.cookies.delete(name)
            else jar.cookies.set(name, pair)
          }
          return response
        }
      })
    ]
  })
  /** The session cookie as the browser would send it, or null. */
  const sessionCookie = () => jar.cookies.get("__Host-verity_session") ?? null
  return { client, jar, sessionCookie }
}

describe("cookie transport", () => {
  it("sign-up sets an HttpOnly, SameSite=Lax, Secure, __Host- session cookie and returns no token", async () => {
    const { client, jar } = browserLikeClient()
    const result = await client.auth.signUp.mutate({ email: uniqueEmail("cookie"), password: strongPassword })
    expect(result.sessionToken).toBeUndefined()
    const header = jar.setCookieHeaders.findLast((cookie) => cookie.startsWith("__Host-verity_session=")) ?? ""
    // PUBLIC_URL is https: the __Host- prefix, so no other host can set a cookie of that name.
    expect(header).toMatch(/^__Host-verity_session=[A-Za-z0-9_-]{43};/)
    expect(header).not.toMatch(/; Domain=/i)
    expect(header).toMatch(/; HttpOnly/i)
    expect(header).toMatch(/; SameSite=Lax/i)
    expect(header).toMatch(/; Secure/i)
    expect(header).toMatch(/; Path=\//i)
    expect((await client.session.whoami.query()).user.email).toBe(result.whoami.user.email)
  })

  it("sign-out ends the session and clears the cookie; the old cookie is refused", async () => {
    const { client, sessionCookie } = browserLikeClient()
    await client.auth.signUp.mutate({ email: uniqueEmail("cookie-out"), password: strongPassword })
    const oldCookie = sessionCookie()
    await expect(client.auth.signOut.mutate()).resolves.toEqual({ ok: true })
    expect(sessionCookie()).toBeNull()

    const replay = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${api.url}/trpc`, headers: { cookie: oldCookie ?? "" } })]
    })
    expect(await failureOf(replay.session.whoami.query())).toMatchObject({ reason: "SESSION_REVOKED", httpStatus: 401 })
  })

  it("a wrong password is INVALID_CREDENTIALS, and an unknown email answers the same", async () => {
    const { client } = browserLikeClient()
    const email = uniqueEmail("creds")
    await client.auth.signUp.mutate({ email, password: strongPassword })
    const wrongPassword = await failureOf(client.auth.signIn.mutate({ email, password: "not the password at all" }))
    const unknownEmail = await failureOf(
      client.auth.signIn.mutate({ email: uniqueEmail("nobody"), password: strongPassword })
    )
    expect(wrongPassword).toEqual(unknownEmail)
    expect(wrongPassword).toMatchObject({ reason: "INVALID_CREDENTIALS", httpStatus: 401 })
  })

  it("signing up twice with one address (in any case) is EMAIL_TAKEN", async () => {
    const { client } = browserLikeClient()
    const email = uniqueEmail("taken")
    await client.auth.signUp.mutate({ email, password: strongPassword })
    expect(
      await failureOf(client.auth.signUp.mutate({ email: `  ${email.toUpperCase()} `, password: strongPassword }))
    ).toMatchObject({ reason: "EMAIL_TAKEN", httpStatus: 409 })
  })
})
