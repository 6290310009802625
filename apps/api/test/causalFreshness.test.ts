import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { signUpWithToken, startTestApi, type TestApi, uniqueEmail } from "@verity/test-api"

// G2's mechanism on one instance: a write that did not reach this instance's actors (here an
// operator's direct store write, which the embedded store does not feed back) leaves them
// behind; a client that has seen the newer version says so, and is answered from the store.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(async () => {
  await api?.close()
})

const whoami = (token: string, headers: Record<string, string> = {}) =>
  fetch(`${api.url}/trpc/session.whoami`, { headers: { authorization: `Bearer ${token}`, ...headers } })

describe("x-verity-min-version", () => {
  it("an actor behind the version the client asks for reloads the user before answering", async () => {
    const email = uniqueEmail("causal")
    const token = await signUpWithToken(api.client(), email)
    const first = await whoami(token)
    expect(first.headers.get("x-verity-user-version")).toBe("1")

    // Written straight into the store, as another instance would, without telling this one.
    const written = await api.writeUserBehindTheApi(email, { emailConfirmed: true })

    const stale = (await (await whoami(token)).json()) as { result: { data: { userVersion: number } } }
    expect(stale.result.data.userVersion).toBe(1)
    const caughtUp = await whoami(token, { "x-verity-min-version": String(written.version) })
    expect(caughtUp.headers.get("x-verity-user-version")).toBe(String(written.version))
    const body = (await caughtUp.json()) as {
      result: { data: { userVersion: number; user: { emailConfirmed: boolean } } }
    }
    expect(body.result.data).toMatchObject({ userVersion: written.version, user: { emailConfirmed: true } })
  })

  it("a malformed version is a 400 VALIDATION", async () => {
    const token = await signUpWithToken(api.client(), uniqueEmail("causal-bad"))
    const answer = await whoami(token, { "x-verity-min-version": "soon" })
    expect(answer.status).toBe(400)
    expect(((await answer.json()) as { error: { data: { reason: string } } }).error.data.reason).toBe("VALIDATION")
  })
})
