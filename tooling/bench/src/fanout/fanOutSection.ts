import { hasConfirmedEmail, sessionStateName } from "@verity/session-machine"
import type { UserRecord } from "@verity/store"
import { Effect, Option } from "effect"
import type { BenchOptions } from "../options.ts"
import { count, fixed, ms, ratio, us } from "../report/format.ts"
import { progress } from "../report/progress.ts"
import { summarize, type Summary, timeMs } from "../report/stats.ts"
import type { Table } from "../report/table.ts"
import { publicUser } from "@verity/api/server"
import { type BenchApp, createUser, type LiveSession, openSessions } from "../support/benchApp.ts"

export const fanOutTargetMs = 5
const targetSessions = 1_000

const plural = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? "" : "s"}`

const verdict = (summary: Summary) =>
  summary.p50 <= fanOutTargetMs
    ? `≤ ${fanOutTargetMs} ms at p50: met`
    : `≤ ${fanOutTargetMs} ms at p50: missed by ${fixed(summary.p50 - fanOutTargetMs, 1)} ms`

export type Target = { user: UserRecord; readonly email: string; readonly sessions: ReadonlyArray<LiveSession> }

/**
 * One change of the user (alternately: email confirmed; email changed, so unconfirmed again),
 * committed to the store untimed, then timed from `dispatch` until every live actor of that
 * user holds it. Dispatch is synchronous for live actors, so the call's duration is that time;
 * every actor is checked afterwards.
 */
const changeUser = async (app: BenchApp, target: Target): Promise<number> => {
  const confirm = !target.user.emailConfirmed
  const cause = confirm ? "emailConfirmed" : "emailChanged"
  const stamp = { cause, at: new Date().toISOString() } as const
  const updated = await Effect.runPromise(
    confirm
      ? app.writes.update(target.user.id, { emailConfirmed: true }, { stamp })
      : app.writes.changeEmail(
          target.user.id,
          { from: target.user.email, to: `v${target.user.version}-${target.email}`, confirmed: false },
          stamp
        )
  )
  if (Option.isNone(updated)) throw new Error(`User ${target.user.id} vanished from the store.`)
  target.user = updated.value
  const change = {
    user: publicUser(updated.value),
    version: updated.value.version,
    cause,
    committedAt: stamp.at
  } as const
  const elapsed = timeMs(() => Effect.runSync(app.manager.dispatch(change)))
  for (const session of target.sessions) {
    const snapshot = session.snapshot
    if (
      hasConfirmedEmail(sessionStateName(snapshot)) !== confirm ||
      snapshot.context.userVersion !== updated.value.version
    ) {
      throw new Error(`Session ${session.sessionId} did not take version ${updated.value.version}.`)
    }
  }
  return elapsed
}

/** The same workload on both apps: recording the session trail (as in production) and not. */
export type BenchApps = { readonly recording: BenchApp; readonly notRecording: BenchApp }

/** Each timed change, then (untimed) the trail's flush, as the recorder's fiber would between requests. */
/** A user with `sessions` live sessions, whose changes are timed. */
export const makeTarget = async (app: BenchApp, email: string, sessions: number): Promise<Target> => {
  const user = await createUser(app, email)
  return { user, email, sessions: (await openSessions(app, user, sessions)).map(({ session }) => session) }
}

export const measure = async (app: BenchApp, target: Target, options: BenchOptions["fanOut"]): Promise<Summary> => {
  globalThis.gc?.()
  const timed: Array<number> = []
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    const elapsed = await changeUser(app, target)
    if (round >= options.warmupRounds) timed.push(elapsed)
    await app.flushTrail()
  }
  return summarize(timed)
}

export type FanOutOutcome = {
  readonly table: Table
  /** Tokens of the other sessions, live in each app, for the memory section. */
  readonly otherTokens: { readonly recording: ReadonlyArray<string>; readonly notRecording: ReadonlyArray<string> }
  /** The target's row: the 1,000-session user among the other sessions, trail recorded (the default). */
  readonly headline: Summary
}

type Row = { readonly sessions: number; readonly others: number; readonly on: Summary; readonly off: Summary }

const openOthers = async (app: BenchApp, settings: BenchOptions["fanOut"]) => {
  const perUser = Math.ceil(settings.otherSessions / settings.otherUsers)
  const tokens: Array<string> = []
  const started = performance.now()
  for (let index = 0; index < settings.otherUsers && tokens.length < settings.otherSessions; index++) {
    const user = await createUser(app, `other-${index}@bench.test`)
    const sessions = Math.min(perUser, settings.otherSessions - tokens.length)
    for (const { token } of await openSessions(app, user, sessions)) tokens.push(token)
    // A server's event loop lets the recorder write between sign-ins; this loop does it every 100 users.
    if ((index + 1) % 100 === 0) await app.flushTrail()
    if ((index + 1) % Math.ceil(settings.otherUsers / 4) === 0) progress(`Fan-out: … ${count(tokens.length)} opened`)
  }
  await app.flushTrail()
  const openMs = performance.now() - started
  progress(`Fan-out: ${count(app.registry.size)} live actors (${us((openMs * 1000) / tokens.length)} per open)`)
  return tokens
}

export const fanOutSection = async (apps: BenchApps, options: BenchOptions): Promise<FanOutOutcome> => {
  const settings = options.fanOut
  progress(
    `Fan-out: users with ${settings.sessionCounts.join(", ")} live sessions, recording the session trail and not`
  )
  const targetsOf = async (app: BenchApp) => {
    const targets: Array<Target> = []
    for (const [index, sessions] of settings.sessionCounts.entries()) {
      targets.push(await makeTarget(app, `fan-out-${index}@bench.test`, sessions))
    }
    return targets
  }
  const targets = { recording: await targetsOf(apps.recording), notRecording: await targetsOf(apps.notRecording) }
  await Promise.all([apps.recording.flushTrail(), apps.notRecording.flushTrail()])

  // The first changes run unoptimised code; warm it up on the largest user before timing anything.
  for (const app of [apps.recording, apps.notRecording]) {
    const largest = (app.recording ? targets.recording : targets.notRecording).at(-1)!
    for (let round = 0; round < settings.warmupRounds; round++) await changeUser(app, largest)
    await app.flushTrail()
  }

  const rows: Array<Row> = []
  const measureAll = async (others: number) => {
    for (const [index, sessions] of settings.sessionCounts.entries()) {
      progress(
        `Fan-out: a user with ${plural(sessions, "session")}, ${count(others)} other live sessions: ${settings.warmupRounds} + ${settings.rounds} changes, recording off then on`
      )
      const off = await measure(apps.notRecording, targets.notRecording[index]!, settings)
      const on = await measure(apps.recording, targets.recording[index]!, settings)
      rows.push({ sessions, others, on, off })
    }
  }
  await measureAll(0)

  progress(
    `Fan-out: opening ${count(settings.otherSessions)} other sessions for ${count(settings.otherUsers)} users in each app through SessionManager.open (store write + actor each)`
  )
  const otherTokens = {
    notRecording: await openOthers(apps.notRecording, settings),
    recording: await openOthers(apps.recording, settings)
  }
  await measureAll(otherTokens.recording.length)

  const alone = (sessions: number) => rows.find((row) => row.sessions === sessions && row.others === 0)!.on
  const stats = apps.recording.trailStats()
  const table: Table = {
    title: "Fan-out: a user change reaching every live actor of that user (session trail recorded)",
    columns: [
      "user's sessions",
      "other live sessions",
      "p50",
      "p99",
      "max",
      "per session (p50)",
      "p50 vs 0 others",
      "p50 not recording",
      "p99 not recording",
      "recording vs not (p50)",
      "target"
    ],
    rows: rows.map(({ sessions, others, on, off }) => [
      count(sessions),
      count(others),
      ms(on.p50),
      ms(on.p99),
      ms(on.max),
      us((on.p50 * 1000) / sessions),
      others === 0 ? "" : ratio(on.p50, alone(sessions).p50),
      ms(off.p50),
      ms(off.p99),
      ratio(on.p50, off.p50),
      sessions === targetSessions ? verdict(on) : ""
    ]),
    notes: [
      `Two apps side by side in this process, the same workload on each: one records the session trail (the default), one runs with SESSION_TRAIL=off. Each row measures the app without recording, then the one with it.`,
      `After ${settings.warmupRounds} untimed changes of the largest user (JIT warm-up), each row: ${settings.warmupRounds} warm-up changes, then ${settings.rounds} timed ones, alternately "email confirmed" and "email changed" (unconfirmed), each committed to the store first (not timed), then SessionManager.dispatch timed until it returns; every actor of the user is then checked to hold the new version and state. Between changes the trail recorder writes what it noted (not timed), as its background fiber does between requests: recording's cost inside the dispatch is noting each step in a buffer.`,
      `The other sessions belong to ${count(settings.otherUsers)} other users (${Math.ceil(settings.otherSessions / settings.otherUsers)} each), all live actors opened through SessionManager.open. "p50 vs 0 others" near 1× means fan-out does not depend on them; for 1 session the times are a few µs, where timer and JIT noise dominate the ratio.`,
      `Session trail of the recording app: ${count(stats.written)} records written, ${count(stats.droppedBufferFull)} dropped with a full buffer, ${count(stats.droppedStoreFailed)} refused by the store.`,
      "Each change allocates a new snapshot per session, so a young-generation GC sometimes lands inside a timed dispatch: that is the gap between p50 and max."
    ]
  }
  const headline = rows.find((row) => row.sessions === targetSessions && row.others > 0)!.on
  return { table, otherTokens, headline }
}
