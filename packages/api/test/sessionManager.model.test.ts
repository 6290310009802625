// Over 200 lines on purpose: the reference model and the commands that drive it against the real manager must be read together.
import type { DomainError } from "@verity/domain"
import { Outbox, type StoreError } from "@verity/store"
import { Clock, ConfigProvider, Effect, Exit, Layer, Logger, ManagedRuntime, Option } from "effect"
import fc from "fast-check"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AccountService, type SignedIn } from "../src/accounts/AccountService.ts"
import { AccountSettings } from "../src/accounts/AccountSettings.ts"
import { EmailVerification } from "../src/accounts/EmailVerification.ts"
import { Suspension } from "../src/accounts/Suspension.ts"
import { AppLayer } from "../src/AppLayer.ts"
import { AppConfig } from "../src/config/AppConfig.ts"
import { SessionEviction } from "../src/sessions/live/SessionEviction.ts"
import { SessionManager } from "../src/sessions/SessionManager.ts"
import { UserSessions } from "../src/sessions/UserSessions.ts"
import { whoamiOf } from "../src/sessions/whoami.ts"
import { makeAdjustableClock, serverLogger, testEnv } from "@verity/testing"

// Random interleavings of sign-in, confirmation, email and password changes, sign-out,
// revocation, suspension, idle expiry, eviction and restart across several users and sessions,
// against the real services on the real embedded store. After every step, `whoami` of every
// session must equal a reference model that is simply a few variables: no stale read, ever, and
// an ended session never comes back.

const runs = Number(process.env["MODEL_RUNS"] ?? 1_000)

type ModelUser = {
  email: string
  password: string
  exists: boolean
  confirmed: boolean
  suspended: boolean
  version: number
}
type ModelSession = { token: string; userIndex: number; ended: boolean }
type Model = { run: number; users: Array<ModelUser>; sessions: Array<ModelSession>; changes: number }

const clock = makeAdjustableClock()
const idleTimeout = { env: "1 hour", step: "61 minutes" } as const

const makeLayer = (dataDir: string) =>
  AppLayer.pipe(
    Layer.provideMerge(AppConfig.layer),
    Layer.provide(
      ConfigProvider.layer(ConfigProvider.fromEnvRecord(testEnv(dataDir, { SESSION_IDLE_TIMEOUT: idleTimeout.env })))
    ),
    // Merged, not only provided: the steps run in the runtime's context and must see this clock too.
    Layer.provideMerge(Layer.succeed(Clock.Clock, clock)),
    Layer.provideMerge(Logger.layer([serverLogger]))
  )

type Services = Layer.Success<ReturnType<typeof makeLayer>>
type Real = { runtime: ManagedRuntime.ManagedRuntime<Services, unknown>; dataDir: string }

let real: Real
let runNumber = 0

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "verity-model-"))
  real = { dataDir, runtime: ManagedRuntime.make(makeLayer(dataDir)) }
})
afterAll(async () => {
  await real?.runtime.dispose()
  if (real !== undefined) await rm(real.dataDir, { recursive: true, force: true })
})

const run = <A, E>(effect: Effect.Effect<A, E, Services>) => real.runtime.runPromiseExit(effect)

/** Each run signs up from an address of its own, as distinct people do, so no run meets another's limits. */
const clientOf = (model: Model) => ({
  userAgent: "model-test",
  ip: `10.${(model.run >> 16) & 255}.${(model.run >> 8) & 255}.${model.run & 255}`
})

const failureTag = (exit: Exit.Exit<unknown, unknown>) => {
  const error = Exit.isFailure(exit) ? Option.getOrUndefined(Exit.findErrorOption(exit)) : undefined
  return typeof error === "object" && error !== null && "_tag" in error ? error._tag : undefined
}

const expectSuccess = <A>(exit: Exit.Exit<A, unknown>, what: string): A => {
  if (Exit.isSuccess(exit)) return exit.value
  throw new Error(`${what} failed: ${String(exit.cause)}`)
}

const withLiveSession = <A, E>(
  token: string,
  use: (session: Effect.Success<ReturnType<SessionManager["Service"]["authenticate"]>>) => Effect.Effect<A, E, Services>
) => run(SessionManager.use((manager) => manager.authenticate(token)).pipe(Effect.flatMap(use)))

/** Every session's whoami must match the model. */
const checkAllSessions = async (model: Model) => {
  for (const session of model.sessions) {
    const exit = await withLiveSession(session.token, (live) => Effect.succeed(whoamiOf(live.snapshot)))
    if (session.ended) {
      expect(failureTag(exit)).toBe("SessionRevoked")
      continue
    }
    const user = model.users[session.userIndex]!
    const whoami = expectSuccess(exit, "whoami of a live session")
    expect(whoami.user.email).toBe(user.email)
    expect(whoami.user.emailConfirmed).toBe(user.confirmed)
    expect(whoami.userVersion).toBe(user.version)
    expect(whoami.session.state).toBe(user.confirmed ? "active.verified" : "active.unverified")
  }
}

const endSessionsOf = (model: Model, userIndex: number, except?: ModelSession) => {
  for (const session of model.sessions) if (session.userIndex === userIndex && session !== except) session.ended = true
}

/** A command on a session picks one of the sessions so far by index. */
const pick = (model: Model, index: number) => model.sessions[index % model.sessions.length]!

abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(_model: Readonly<Model>) {
    return true
  }
  async run(model: Model) {
    await this.apply(model)
    await checkAllSessions(model)
  }
  abstract apply(model: Model): Promise<void>
  abstract toString(): string
}

abstract class UserStep extends Step {
  readonly userIndex: number
  constructor(userIndex: number) {
    super()
    this.userIndex = userIndex
  }
}

abstract class SessionStep extends Step {
  readonly sessionIndex: number
  constructor(sessionIndex: number) {
    super()
    this.sessionIndex = sessionIndex
  }
  override check(model: Readonly<Model>) {
    return model.sessions.length > 0
  }
}

class SignIn extends UserStep {
  async apply(model: Model) {
    const user = model.users[this.userIndex]!
    const credentials = { email: user.email, password: user.password }
    const exit = await run(
      AccountService.use((accounts): Effect.Effect<SignedIn, DomainError | StoreError> =>
        user.exists
          ? accounts.signIn(credentials, clientOf(model), [])
          : accounts.signUp(credentials, clientOf(model), [])
      )
    )
    if (user.suspended) {
      expect(failureTag(exit)).toBe("AccountSuspended")
      return
    }
    const signedIn = expectSuccess(exit, "sign-in")
    if (!user.exists) Object.assign(user, { exists: true, version: 1 })
    model.sessions.push({ token: signedIn.token, userIndex: this.userIndex, ended: false })
  }
  toString = () => `SignIn(${this.userIndex})`
}

class ConfirmByLink extends UserStep {
  override check(model: Readonly<Model>) {
    return model.users[this.userIndex]!.exists
  }
  async apply(model: Model) {
    const user = model.users[this.userIndex]!
    const exit = await run(
      Effect.gen(function* () {
        const mails = yield* Outbox.use((outbox) => outbox.recent(1_000))
        const mail = mails.find(
          (record) => record.mail.to === user.email && record.mail.subject === "Confirm your email address"
        )
        const token = /verify-email\?token=([\w-]+)/.exec(mail?.mail.text ?? "")?.[1]
        if (token === undefined) return yield* Effect.die(new Error(`no verification email for ${user.email}`))
        return yield* EmailVerification.use((verification) => verification.confirmWithLink(token))
      })
    )
    if (user.confirmed) {
      // The newest link was used already: refused, and nothing moves.
      expect(failureTag(exit)).toBe("TokenInvalid")
      return
    }
    expectSuccess(exit, "confirmation")
    Object.assign(user, { confirmed: true, version: user.version + 1 })
  }
  toString = () => `ConfirmByLink(${this.userIndex})`
}

class ChangeEmail extends SessionStep {
  async apply(model: Model) {
    const session = pick(model, this.sessionIndex)
    const user = model.users[session.userIndex]!
    const newEmail = `model-${model.run}-${session.userIndex}-change${++model.changes}@example.test`
    const exit = await withLiveSession(session.token, (live) =>
      AccountSettings.use((settings) =>
        settings.changeEmail(live, { newEmail, password: user.password }, clientOf(model))
      )
    )
    if (session.ended) return void expect(failureTag(exit)).toBe("SessionRevoked")
    // A second verification email to the user within RESEND_COOLDOWN is refused, and nothing changes.
    if (failureTag(exit) === "RateLimited") return
    expectSuccess(exit, "email change")
    Object.assign(user, { email: newEmail, confirmed: false, version: user.version + 1 })
  }
  toString = () => `ChangeEmail(${this.sessionIndex})`
}

class ChangePassword extends SessionStep {
  async apply(model: Model) {
    const session = pick(model, this.sessionIndex)
    const user = model.users[session.userIndex]!
    const newPassword = `model passphrase ${++model.changes}`
    const exit = await withLiveSession(session.token, (live) =>
      AccountSettings.use((settings) =>
        settings.changePassword(live, { currentPassword: user.password, newPassword }, clientOf(model))
      )
    )
    if (session.ended) return void expect(failureTag(exit)).toBe("SessionRevoked")
    const others = model.sessions.filter(
      (other) => other.userIndex === session.userIndex && other !== session && !other.ended
    )
    expect(expectSuccess(exit, "password change")).toEqual({ revokedSessions: others.length })
    Object.assign(user, { password: newPassword, version: user.version + 1 })
    endSessionsOf(model, session.userIndex, session)
  }
  toString = () => `ChangePassword(${this.sessionIndex})`
}

class SignOut extends SessionStep {
  async apply(model: Model) {
    const session = pick(model, this.sessionIndex)
    const exit = await withLiveSession(session.token, (live) =>
      AccountService.use((accounts) => accounts.signOut(live))
    )
    expect(Exit.isSuccess(exit)).toBe(!session.ended)
    session.ended = true
  }
  toString = () => `SignOut(${this.sessionIndex})`
}

class RevokeOthers extends SessionStep {
  async apply(model: Model) {
    const session = pick(model, this.sessionIndex)
    const exit = await withLiveSession(session.token, (live) =>
      UserSessions.use((sessions) => sessions.revokeOthers(live))
    )
    if (session.ended) return void expect(failureTag(exit)).toBe("SessionRevoked")
    const others = model.sessions.filter(
      (other) => other.userIndex === session.userIndex && other !== session && !other.ended
    )
    expect(expectSuccess(exit, "revoke others")).toBe(others.length)
    endSessionsOf(model, session.userIndex, session)
  }
  toString = () => `RevokeOthers(${this.sessionIndex})`
}

class Suspend extends UserStep {
  override check(model: Readonly<Model>) {
    return model.users[this.userIndex]!.exists
  }
  async apply(model: Model) {
    const user = model.users[this.userIndex]!
    expectSuccess(await run(Suspension.use((suspension) => suspension.suspend(user.email))), "suspension")
    Object.assign(user, { suspended: true, version: user.version + 1 })
    endSessionsOf(model, this.userIndex)
  }
  toString = () => `Suspend(${this.userIndex})`
}

class Unsuspend extends UserStep {
  override check(model: Readonly<Model>) {
    return model.users[this.userIndex]!.exists
  }
  async apply(model: Model) {
    const user = model.users[this.userIndex]!
    expectSuccess(await run(Suspension.use((suspension) => suspension.unsuspend(user.email))), "unsuspension")
    Object.assign(user, { suspended: false, version: user.version + 1 })
  }
  toString = () => `Unsuspend(${this.userIndex})`
}

class IdleTimeoutPasses extends Step {
  async apply(model: Model) {
    clock.advance(idleTimeout.step)
    for (const session of model.sessions) session.ended = true
  }
  toString = () => "IdleTimeoutPasses"
}

class EvictAll extends Step {
  async apply() {
    await run(SessionEviction.use((eviction) => eviction.evictAll))
  }
  toString = () => "EvictAll"
}

class Restart extends Step {
  async apply() {
    await real.runtime.dispose()
    real.runtime = ManagedRuntime.make(makeLayer(real.dataDir))
  }
  toString = () => "Restart"
}

const userIndex = fc.integer({ min: 0, max: 2 })
const sessionIndex = fc.nat()
const commands = [
  userIndex.map((index) => new SignIn(index)),
  userIndex.map((index) => new ConfirmByLink(index)),
  sessionIndex.map((index) => new ChangeEmail(index)),
  sessionIndex.map((index) => new ChangePassword(index)),
  sessionIndex.map((index) => new SignOut(index)),
  sessionIndex.map((index) => new RevokeOthers(index)),
  userIndex.map((index) => new Suspend(index)),
  userIndex.map((index) => new Unsuspend(index)),
  fc.constant(new IdleTimeoutPasses()),
  fc.constant(new EvictAll()),
  fc.constant(new Restart())
]

describe("SessionManager against a reference model", () => {
  it(`whoami never disagrees with the model (${runs} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 14 }), async (steps) => {
        const runId = ++runNumber
        const model: Model = {
          run: runId,
          users: [0, 1, 2].map((index) => ({
            email: `model-${runId}-${index}@example.test`,
            password: "model passphrase 0",
            exists: false,
            confirmed: false,
            suspended: false,
            version: 0
          })),
          sessions: [],
          changes: 0
        }
        await fc.asyncModelRun(() => ({ model, real }), steps)
      }),
      { numRuns: runs }
    )
  }, 600_000)
})
