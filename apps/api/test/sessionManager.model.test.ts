import type { DomainError } from "@verity/domain"
import { Outbox, type StoreError } from "@verity/store"
import { ConfigProvider, Effect, Exit, Layer, ManagedRuntime, Option } from "effect"
import fc from "fast-check"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AccountService, type SignedIn } from "../src/accounts/AccountService.ts"
import { EmailVerification } from "../src/accounts/EmailVerification.ts"
import { AppLayer } from "../src/AppLayer.ts"
import { AppConfig } from "../src/config/AppConfig.ts"
import { SessionManager } from "../src/sessions/SessionManager.ts"
import { whoamiOf } from "../src/sessions/whoami.ts"
import { strongPassword } from "./support/accounts.ts"
import { testEnv } from "./support/testApi.ts"

// Random interleavings of sign-in, confirmation, whoami, sign-out, eviction and restart across
// several users and sessions, against the real services on the real embedded store. After
// every step, `whoami` of every session must equal a reference model that is simply a few
// variables: no stale read, ever, and a signed-out session never comes back.

const runs = Number(process.env["MODEL_RUNS"] ?? 1_000)

type ModelUser = { email: string; exists: boolean; confirmed: boolean; version: number }
type ModelSession = { token: string; userIndex: number; signedOut: boolean }
type Model = { users: Array<ModelUser>; sessions: Array<ModelSession> }

const makeLayer = (dataDir: string) =>
  AppLayer.pipe(
    Layer.provideMerge(AppConfig.layer),
    Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(testEnv(dataDir))))
  )

type Runtime = ManagedRuntime.ManagedRuntime<Layer.Success<ReturnType<typeof makeLayer>>, unknown>
type Real = { runtime: Runtime; dataDir: string }

let dataDir: string
let real: Real
let runNumber = 0

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "verity-model-"))
  real = { dataDir, runtime: ManagedRuntime.make(makeLayer(dataDir)) }
})
afterAll(async () => {
  await real?.runtime.dispose()
  await rm(dataDir, { recursive: true, force: true })
})

const run = <A, E>(effect: Effect.Effect<A, E, Layer.Success<ReturnType<typeof makeLayer>>>) => real.runtime.runPromiseExit(effect)

const client = { userAgent: "model-test", ip: "127.0.0.1" }

const failureTag = (exit: Exit.Exit<unknown, unknown>) => {
  const error = Exit.isFailure(exit) ? Option.getOrUndefined(Exit.findErrorOption(exit)) : undefined
  return typeof error === "object" && error !== null && "_tag" in error ? error._tag : undefined
}

/** Every session's whoami must match the model. */
const checkAllSessions = async (model: Model) => {
  for (const session of model.sessions) {
    const exit = await run(SessionManager.use((manager) => manager.authenticate(session.token)).pipe(Effect.map((live) => whoamiOf(live.snapshot))))
    if (session.signedOut) {
      expect(failureTag(exit)).toBe("SessionRevoked")
      continue
    }
    const user = model.users[session.userIndex]!
    if (!Exit.isSuccess(exit)) throw new Error(`whoami failed for a live session: ${String(exit.cause)}`)
    expect(exit.value.user.email).toBe(user.email)
    expect(exit.value.user.emailConfirmed).toBe(user.confirmed)
    expect(exit.value.userVersion).toBe(user.version)
    expect(exit.value.session.state).toBe(user.confirmed ? "active.verified" : "active.unverified")
  }
}

class SignIn implements fc.AsyncCommand<Model, Real> {
  readonly userIndex: number
  constructor(userIndex: number) {
    this.userIndex = userIndex
  }
  check = () => true
  async run(model: Model) {
    const user = model.users[this.userIndex]!
    const credentials = { email: user.email, password: strongPassword }
    const exit = await run(AccountService.use((accounts): Effect.Effect<SignedIn, DomainError | StoreError> =>
      user.exists ? accounts.signIn(credentials, client) : accounts.signUp(credentials, client)
    ))
    if (!Exit.isSuccess(exit)) throw new Error(`sign-in failed: ${String(exit.cause)}`)
    if (!user.exists) Object.assign(user, { exists: true, version: 1 })
    model.sessions.push({ token: exit.value.token, userIndex: this.userIndex, signedOut: false })
    await checkAllSessions(model)
  }
  toString = () => `SignIn(${this.userIndex})`
}

class ConfirmByLink implements fc.AsyncCommand<Model, Real> {
  readonly userIndex: number
  constructor(userIndex: number) {
    this.userIndex = userIndex
  }
  check = (model: Readonly<Model>) => model.users[this.userIndex]!.exists
  async run(model: Model) {
    const user = model.users[this.userIndex]!
    const exit = await run(Effect.gen(function*() {
      const mails = yield* Outbox.use((outbox) => outbox.recent(1_000))
      const mail = mails.find((record) => record.mail.to === user.email)
      const token = /verify-email\?token=([\w-]+)/.exec(mail?.mail.text ?? "")?.[1]
      if (token === undefined) return yield* Effect.die(new Error(`no verification email for ${user.email}`))
      return yield* EmailVerification.use((verification) => verification.confirmWithLink(token))
    }))
    if (user.confirmed) {
      // The link was used already: refused, and nothing moves.
      expect(Exit.isFailure(exit)).toBe(true)
    } else {
      if (!Exit.isSuccess(exit)) throw new Error(`confirmation failed: ${String(exit.cause)}`)
      Object.assign(user, { confirmed: true, version: user.version + 1 })
    }
    await checkAllSessions(model)
  }
  toString = () => `ConfirmByLink(${this.userIndex})`
}

class SignOut implements fc.AsyncCommand<Model, Real> {
  readonly sessionIndex: number
  constructor(sessionIndex: number) {
    this.sessionIndex = sessionIndex
  }
  check = (model: Readonly<Model>) => model.sessions.length > 0
  async run(model: Model) {
    const session = model.sessions[this.sessionIndex % model.sessions.length]!
    const exit = await run(SessionManager.use((manager) => manager.authenticate(session.token)).pipe(
      Effect.flatMap((live) => AccountService.use((accounts) => accounts.signOut(live)))
    ))
    expect(Exit.isSuccess(exit)).toBe(!session.signedOut)
    session.signedOut = true
    await checkAllSessions(model)
  }
  toString = () => `SignOut(${this.sessionIndex})`
}

class EvictAll implements fc.AsyncCommand<Model, Real> {
  check = () => true
  async run(model: Model) {
    await run(SessionManager.use((manager) => manager.evictAll))
    await checkAllSessions(model)
  }
  toString = () => "EvictAll"
}

class Restart implements fc.AsyncCommand<Model, Real> {
  check = () => true
  async run(model: Model) {
    await real.runtime.dispose()
    real.runtime = ManagedRuntime.make(makeLayer(real.dataDir))
    await checkAllSessions(model)
  }
  toString = () => "Restart"
}

class Whoami implements fc.AsyncCommand<Model, Real> {
  check = () => true
  async run(model: Model) {
    await checkAllSessions(model)
  }
  toString = () => "Whoami"
}

const userIndex = fc.integer({ min: 0, max: 2 })
const commands = [
  userIndex.map((index) => new SignIn(index)),
  userIndex.map((index) => new ConfirmByLink(index)),
  fc.nat().map((index) => new SignOut(index)),
  fc.constant(new EvictAll()),
  fc.constant(new Restart()),
  fc.constant(new Whoami())
]

describe("SessionManager against a reference model", () => {
  it(`whoami never disagrees with the model (${runs} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (steps) => {
        runNumber++
        const model: Model = {
          users: [0, 1, 2].map((index) => ({ email: `model-${runNumber}-${index}@example.test`, exists: false, confirmed: false, version: 0 })),
          sessions: []
        }
        await fc.asyncModelRun(() => ({ model, real }), steps)
      }),
      { numRuns: runs }
    )
  }, 600_000)
})
