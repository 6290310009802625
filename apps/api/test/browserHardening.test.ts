import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { signUpWithToken, startTestApi, strongPassword, type TestApi, uniqueEmail } from "@verity/test-api"

// What a browser is told, and what the server refuses from one: the headers that keep pages out
// of frames and caches and scripts to their own origin, the session cookie no other host can set,
// and requests a page of another site can make without asking (form posts, planted cookies).

let api: TestApi
let secure: TestApi

beforeAll(async () => {
  ;[api, secure] = await Promise.all([
    startTestApi(),
    startTestApi({ env: { PUBLIC_URL: "https://verity.example.test" } })
  ])
})
afterAll(async () => {
  await Promise.all([api?.close(), secure?.close()])
})

const whoami = (server: TestApi, headers: Record<string, string>) =>
  fetch(`${server.url}/trpc/session.whoami`, { headers })

/** A cookie-transport sign-up, as a page of the app makes it: answers the session cookie's pair. */
const signUpWithCookie = async (server: TestApi, origin: string) => {
  const response = await fetch(`${server.url}/trpc/auth.signUp`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email: uniqueEmail("cookie"), password: strongPassword })
  })
  return response.headers.getSetCookie()[0]!.split(";")[0]!
}

describe("security headers", () => {
  it("every answer keeps pages to their own origin, out of frames, unsniffed and without a Referer", async () => {
    const token = await signUpWithToken(api.client(), uniqueEmail("headers"))
    for (const response of [
      await fetch(`${api.url}/healthz`),
      await whoami(api, { authorization: `Bearer ${token}` })
    ]) {
      const policy = response.headers.get("content-security-policy") ?? ""
      expect(policy).toContain("frame-ancestors 'none'")
      expect(policy).toContain("script-src 'self'")
      expect(policy).toContain("object-src 'none'")
      expect(policy).not.toContain("unsafe-inline")
      expect(response.headers.get("x-content-type-options")).toBe("nosniff")
      expect(response.headers.get("referrer-policy")).toBe("no-referrer")
      expect(response.headers.get("x-frame-options")).toBe("DENY")
      // PUBLIC_URL is http here: no HSTS, which would pin a local setup to https.
      expect(response.headers.get("strict-transport-security")).toBeNull()
    }
  })

  it("with an https PUBLIC_URL, HSTS is sent and insecure requests are upgraded", async () => {
    const response = await fetch(`${secure.url}/healthz`)
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=31536000; includeSubDomains/)
    expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests")
  })

  it("no API answer may be stored by a cache", async () => {
    const token = await signUpWithToken(api.client(), uniqueEmail("no-store"))
    const answered = await whoami(api, { authorization: `Bearer ${token}` })
    expect(answered.status).toBe(200)
    expect(answered.headers.get("cache-control")).toBe("no-store")
    const refused = await whoami(api, {})
    expect(refused.headers.get("cache-control")).toBe("no-store")
  })
})

describe("the session cookie", () => {
  it("over https it is __Host- only: a plain verity_session cookie (planted by a sibling host) is not a session", async () => {
    const pair = await signUpWithCookie(secure, "https://verity.example.test")
    expect(pair).toMatch(/^__Host-verity_session=/)
    expect((await whoami(secure, { cookie: pair })).status).toBe(200)
    const planted = pair.replace(/^__Host-/, "")
    expect(await (await whoami(secure, { cookie: planted })).json()).toMatchObject({
      error: { data: { reason: "UNAUTHENTICATED" } }
    })
  })

  it("a request carrying two session cookies is refused, not answered as the first", async () => {
    const attackers = await signUpWithCookie(api, "http://verity.test")
    const owners = await signUpWithCookie(api, "http://verity.test")
    const answer = await whoami(api, { cookie: `${attackers}; ${owners}` })
    expect(answer.status).toBe(400)
    expect(await answer.json()).toMatchObject({
      error: { message: expect.stringContaining("two session cookies"), data: { reason: "VALIDATION" } }
    })
    expect((await whoami(api, { cookie: owners })).status).toBe(200)
  })
})

/** A raw `auth.signOut`, with whatever headers and body a page could send. */
const signOut = (headers: Record<string, string>, body?: string) =>
  fetch(`${api.url}/trpc/auth.signOut`, { method: "POST", headers, ...(body === undefined ? {} : { body }) })

describe("requests a page of another site can make without asking", () => {
  it("a mutation whose body is not application/json is refused with 415 and changes nothing", async () => {
    const token = await signUpWithToken(api.client(), uniqueEmail("form-post"))
    const authorization = `Bearer ${token}`
    for (const [contentType, body] of [
      ["multipart/form-data; boundary=x", "--x--\r\n"],
      ["application/x-www-form-urlencoded", "a=b"],
      ["text/plain", "{}"]
    ] as const) {
      const answer = await signOut({ authorization, "content-type": contentType }, body)
      expect([contentType, answer.status]).toEqual([contentType, 415])
      expect(await answer.json()).toMatchObject({ error: { data: { httpStatus: 415, reason: "VALIDATION" } } })
    }
    expect((await signOut({ authorization })).status).toBe(415)
    expect((await whoami(api, { authorization })).status).toBe(200)
  })

  it("a cookie-authenticated change that Sec-Fetch-Site says came from another site is refused", async () => {
    const cookie = await signUpWithCookie(api, "http://verity.test")
    const json = { cookie, "content-type": "application/json" }
    for (const site of ["cross-site", "same-site"]) {
      const answer = await signOut({ ...json, "sec-fetch-site": site }, "{}")
      expect(answer.status).toBe(403)
      expect(await answer.json()).toMatchObject({ error: { data: { reason: "CROSS_SITE_REQUEST" } } })
    }
    expect((await whoami(api, { cookie })).status).toBe(200)
    expect((await signOut({ ...json, "sec-fetch-site": "same-origin" }, "{}")).status).toBe(200)
  })
})
