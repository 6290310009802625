import { startTestApi, type TestApi } from "@verity/test-api"
import { TRPCClientError } from "@trpc/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeVersionMemory } from "./causalConsistency.ts"
import { createVerityClient } from "./createVerityClient.ts"

let api: TestApi

beforeAll(async () => {
  api = await startTestApi()
})
afterAll(async () => {
  await api?.close()
})

describe("createVerityClient", () => {
  it("signs up with a token and then acts as that session, typed end to end", async () => {
    const email = `client-${Date.now()}@example.test`
    const anonymous = createVerityClient({ url: `${api.url}/` })
    const { sessionToken, whoami } = await anonymous.auth.signUp.mutate({
      email,
      password: "correct horse battery staple",
      transport: "token"
    })
    expect(sessionToken).toEqual(expect.any(String))
    expect(whoami.user).toMatchObject({ email, emailConfirmed: false, status: "active" })

    let current: string | undefined = sessionToken
    const signedIn = createVerityClient({ url: api.url, token: () => current })
    expect((await signedIn.session.whoami.query()).session.id).toBe(whoami.session.id)

    // Every answer told the client its version; it now asks for at least that one.
    const versions = makeVersionMemory()
    const remembering = createVerityClient({ url: api.url, token: () => current, versions })
    await remembering.session.whoami.query()
    expect(versions.highest()).toBe(whoami.userVersion)
    expect(versions.headers()).toEqual({ "x-verity-min-version": String(whoami.userVersion) })

    current = undefined
    const error = await signedIn.session.whoami.query().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TRPCClientError)
    expect((error as TRPCClientError<never>).data).toMatchObject({ reason: "UNAUTHENTICATED", httpStatus: 401 })
  })
})
