import { type MongoTestServer, startMongoTestServer } from "@verity/mongo-test-server"
import { type SmtpCatcher, startSmtpCatcher, verificationLinkToken } from "@verity/testing"
import { MongoClient } from "mongodb"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { apiClient, failureOf, signInWithToken, signUpWithToken, uniqueEmail } from "@verity/test-api"
import { type ApiProcess, startApiProcess } from "./support/apiProcess.ts"

// Two API processes on one MongoDB: the wire-protocol test double (tooling/mongo-test-server),
// since no MongoDB server can be installed here. Changes made on A, or straight in the
// database, reach B's live sessions through the change stream; a client that carries the
// version it saw is answered at least that fresh on any instance, with no waiting.

const propagationBoundMs = 2_000

let mongo: MongoTestServer
let smtp: SmtpCatcher
let dataDir: string
let a: ApiProcess
let b: ApiProcess

const startInstance = () => startApiProcess(dataDir, { MONGODB_URI: mongo.uri, SMTP_URL: smtp.url })

beforeAll(async () => {
  mongo = await startMongoTestServer()
  smtp = await startSmtpCatcher()
  dataDir = await mkdtemp(join(tmpdir(), "verity-multi-"))
  ;[a, b] = await Promise.all([startInstance(), startInstance()])
}, 60_000)

afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill()])
  await smtp?.close()
  await mongo?.close()
  await rm(dataDir, { recursive: true, force: true })
})

/** Asks until `check` passes or the bound runs out; answers how long it took. */
const within = async (boundMs: number, check: () => Promise<void>): Promise<number> => {
  const started = performance.now()
  for (;;) {
    try {
      await check()
      return performance.now() - started
    } catch (error) {
      if (performance.now() - started > boundMs) throw error
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
}

const whoamiOn = (instance: ApiProcess, token: string) => apiClient(instance.url, token).session.whoami.query()

/** A user signed up on A with a second session signed in on B. */
const userOnBoth = async (label: string) => {
  const email = uniqueEmail(label)
  const onA = await signUpWithToken(apiClient(a.url), email)
  const onB = await signInWithToken(apiClient(b.url), email)
  return { email, onA, onB }
}

/** The instance id a process logged when it started listening. */
const idOf = (instance: ApiProcess) => /\(instance ([\w.-]+)\) listening on/.exec(instance.output())?.[1]

describe("two API instances on one MongoDB", () => {
  it("each logs the instance id it was given at start-up, a random one by default, so the trail can name it", () => {
    expect(idOf(a)).toMatch(/^instance-[0-9a-f]{8}$/)
    expect(idOf(b)).toMatch(/^instance-[0-9a-f]{8}$/)
    expect(idOf(a)).not.toBe(idOf(b))
  })

  it("a confirmation on A reaches B's live session within the propagation bound", async () => {
    const { email, onB } = await userOnBoth("cross-confirm")
    expect((await whoamiOn(b, onB)).user.emailConfirmed).toBe(false)
    await apiClient(a.url).auth.verifyEmail.mutate({
      token: verificationLinkToken(await smtp.waitForMail((m) => m.to.includes(email)))
    })
    const tookMs = await within(propagationBoundMs, async () =>
      expect((await whoamiOn(b, onB)).user.emailConfirmed).toBe(true)
    )
    console.log(`A → B propagation seen by polling: ${tookMs.toFixed(0)} ms (test double; see npm run bench)`)
  })

  it("x-verity-min-version: a client that saw version N on A gets at least N from B on its first request", async () => {
    const { email, onA, onB } = await userOnBoth("cross-causal")
    await apiClient(a.url).auth.verifyEmail.mutate({
      token: verificationLinkToken(await smtp.waitForMail((m) => m.to.includes(email)))
    })
    const seenOnA = await whoamiOn(a, onA)
    const response = await fetch(`${b.url}/trpc/session.whoami`, {
      headers: { authorization: `Bearer ${onB}`, "x-verity-min-version": String(seenOnA.userVersion) }
    })
    const body = (await response.json()) as {
      result: { data: { userVersion: number; user: { emailConfirmed: boolean } } }
    }
    expect(body.result.data.userVersion).toBeGreaterThanOrEqual(seenOnA.userVersion)
    expect(body.result.data.user.emailConfirmed).toBe(true)
  })

  it("a session revoked on A is refused on B", async () => {
    const { onA, onB } = await userOnBoth("cross-revoke")
    await whoamiOn(b, onB)
    expect(await apiClient(a.url, onA).session.revokeOthers.mutate()).toEqual({ revoked: 1 })
    await within(propagationBoundMs, async () => {
      expect(await failureOf(whoamiOn(b, onB))).toMatchObject({ reason: "SESSION_REVOKED" })
    })
  })

  it("a write made directly in the database, bypassing the API, reaches both instances", async () => {
    const { email, onA, onB } = await userOnBoth("cross-direct")
    const before = await whoamiOn(a, onA)
    const operator = await new MongoClient(mongo.uri).connect()
    try {
      await operator
        .db()
        .collection("users")
        .updateOne({ email }, { $set: { emailConfirmed: true }, $inc: { version: 1 } })
    } finally {
      await operator.close()
    }
    for (const [instance, token] of [
      [a, onA],
      [b, onB]
    ] as const) {
      await within(propagationBoundMs, async () => {
        expect(await whoamiOn(instance, token)).toMatchObject({
          user: { emailConfirmed: true },
          userVersion: before.userVersion + 1
        })
      })
    }
  })

  it("kill -9 of B during a burst of confirmations on A: after restart no session is lost and all are current", async () => {
    const users = await Promise.all(Array.from({ length: 12 }, (_, index) => userOnBoth(`burst-${index}`)))
    const links = await Promise.all(
      users.map(async (user) => verificationLinkToken(await smtp.waitForMail((m) => m.to.includes(user.email))))
    )
    for (const user of users) await whoamiOn(b, user.onB)

    const burst = (async () => {
      for (const token of links) {
        await apiClient(a.url).auth.verifyEmail.mutate({ token })
        await new Promise((resolve) => setTimeout(resolve, 15))
      }
    })()
    await new Promise((resolve) => setTimeout(resolve, 60))
    await b.kill()
    b = await startInstance()
    await burst

    for (const user of users) {
      await within(propagationBoundMs, async () => {
        expect(await whoamiOn(b, user.onB)).toMatchObject({ user: { email: user.email, emailConfirmed: true } })
      })
    }
  }, 60_000)
})
