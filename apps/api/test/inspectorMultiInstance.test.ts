import { type MongoTestServer, startMongoTestServer } from "@verity/mongo-test-server"
import { verificationLinkToken } from "@verity/testing"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import {
  signInWithToken,
  signUpWithToken,
  startTestApi,
  startTestApiWithMail,
  type TestApi,
  type TestApiWithMail,
  uniqueEmail
} from "@verity/test-api"
import { inspectorBrowser, signedInInspector } from "./support/inspectorBrowser.ts"

// Two API instances on one MongoDB (the wire-protocol test double): the session trail and the
// inspector's sign-in live in the store, so an inspector connected to B sees the sessions A
// holds, A's steps within about a second, and the fan-out of a change on both instances.

let mongo: MongoTestServer
let a: TestApiWithMail
let b: TestApi

beforeAll(async () => {
  mongo = await startMongoTestServer()
  const uri = mongo.uri.replace("/?", "/inspector_multi?")
  a = await startTestApiWithMail({ env: { MONGODB_URI: uri, INSTANCE_ID: "instance-a" } })
  b = await startTestApi({ env: { MONGODB_URI: uri, INSTANCE_ID: "instance-b" } })
}, 60_000)

afterAll(async () => {
  await b?.close()
  await a?.close()
  await mongo?.close()
})

describe("the inspector across instances", () => {
  it("a sign-in on A works on B; B shows the session A holds, A's steps as A records them, and both in the fan-out", async () => {
    const email = uniqueEmail("two-instances")
    const onA = await signUpWithToken(a.client(), email)
    const onB = await signInWithToken(b.client(), email)
    const { user, session: sessionOnA } = await a.client(onA).session.whoami.query()
    const { session: sessionOnB } = await b.client(onB).session.whoami.query()

    const signedInOnA = await signedInInspector(a.url)
    const cookie = [...signedInOnA.cookies].map(([name, value]) => `${name}=${value}`).join("; ")
    const operator = inspectorBrowser(b.url, { extraHeaders: { cookie } })

    const view = await operator.client.inspect.sessionsOf.query({ userId: user.id })
    expect(view.instanceId).toBe("instance-b")
    expect(view.sessions.find((session) => session.id === sessionOnA.id)).toMatchObject({
      heldBy: { instanceId: "instance-a", thisInstance: false },
      heldVersion: 1,
      machine: { source: "store" },
      lastEvent: { kind: "started", how: "opened", instanceId: "instance-a" }
    })
    expect(view.sessions.find((session) => session.id === sessionOnB.id)).toMatchObject({
      heldBy: { instanceId: "instance-b", thisInstance: true },
      machine: { source: "live" }
    })

    const messages: Array<{ kind: string; entry?: { sessionId: string; instanceId: string; cause?: string } }> = []
    const subscription = operator.client.inspect.watchUser.subscribe(
      { userId: user.id },
      { onData: (message) => messages.push(message as (typeof messages)[number]) }
    )
    try {
      await vi.waitFor(() => expect(messages[0]?.kind).toBe("sessions"))
      await a.client().auth.verifyEmail.mutate({
        token: verificationLinkToken(await a.mail.waitForMail((mail) => mail.to.includes(email)))
      })
      await vi.waitFor(
        () => {
          const confirmed = messages.filter((message) => message.entry?.cause === "emailConfirmed")
          expect(confirmed.map((message) => [message.entry!.sessionId, message.entry!.instanceId]).toSorted()).toEqual(
            [
              [sessionOnA.id, "instance-a"],
              [sessionOnB.id, "instance-b"]
            ].toSorted()
          )
        },
        { timeout: 2_000, interval: 20 }
      )
    } finally {
      subscription.unsubscribe()
    }

    await a.flushTrail()
    await b.flushTrail()
    const trace = await operator.client.inspect.fanOut.query({ userId: user.id, version: 2 })
    expect(trace.dispatches.map((dispatch) => dispatch.instanceId).toSorted()).toEqual(["instance-a", "instance-b"])
    expect(
      trace.sessions.map((session) => [session.sessionId, session.outcome, session.instanceId]).toSorted()
    ).toEqual(
      [
        [sessionOnA.id, "reached", "instance-a"],
        [sessionOnB.id, "reached", "instance-b"]
      ].toSorted()
    )
  })
})
