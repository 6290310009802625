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

const targetMs = 15
const targetSessions = 1_000

const plural = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? "" : "s"}`

const verdict = (summary: Summary) =>
  summary.p99 <= targetMs
    ? `≤ ${targetMs} ms at p99: met`
    : `≤ ${targetMs} ms at p99: missed by ${fixed(summary.p99 - targetMs, 1)} ms`

type Target = { user: UserRecord; readonly email: string; readonly sessions: ReadonlyArray<LiveSession> }

type Row = { readonly sessions: number; readonly others: number; readonly summary: Summary }

/**
 * One change of the user (alternately: email confirmed; email changed, so unconfirmed again),
 * committed to the store untimed, then timed from `dispatch` until every live actor of that
 * user holds it. Dispatch is synchronous for live actors, so the call's duration is that time;
 * every actor is checked afterwards.
 */
const changeUser = (app: BenchApp, target: Target): number => {
  const confirm = !target.user.emailConfirmed
  const cause = confirm ? "emailConfirmed" : "emailChanged"
  const stamp = { cause, at: new Date().toISOString() } as const
  const updated = Effect.runSync(
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

const measure = (app: BenchApp, target: Target, options: BenchOptions["fanOut"]): Summary => {
  globalThis.gc?.()
  for (let round = 0; round < options.warmupRounds; round++) changeUser(app, target)
  return summarize(Array.from({ length: options.rounds }, () => changeUser(app, target)))
}

export type FanOutOutcome = {
  readonly table: Table
  /** Tokens of the other sessions, live in `app`, for the memory section. */
  readonly otherTokens: ReadonlyArray<string>
}

export const fanOutSection = (app: BenchApp, options: BenchOptions): FanOutOutcome => {
  const settings = options.fanOut
  progress(`Fan-out: users with ${settings.sessionCounts.join(", ")} live sessions`)
  const targets = settings.sessionCounts.map((sessions, index): Target => {
    const email = `fan-out-${index}@bench.test`
    const user = createUser(app, email)
    return { user, email, sessions: openSessions(app, user, sessions).map(({ session }) => session) }
  })

  // The first changes run unoptimised code; warm it up on the largest user before timing anything.
  const largest = targets.reduce((a, b) => (b.sessions.length > a.sessions.length ? b : a))
  for (let round = 0; round < settings.warmupRounds; round++) changeUser(app, largest)

  const rows: Array<Row> = []
  const measureAll = (others: number) => {
    for (const target of targets) {
      progress(
        `Fan-out: a user with ${plural(target.sessions.length, "session")}, ${count(others)} other live sessions: ${settings.warmupRounds} + ${settings.rounds} changes`
      )
      rows.push({ sessions: target.sessions.length, others, summary: measure(app, target, settings) })
    }
  }
  measureAll(0)

  const perUser = Math.ceil(settings.otherSessions / settings.otherUsers)
  progress(
    `Fan-out: opening ${count(settings.otherSessions)} other sessions for ${count(settings.otherUsers)} users through SessionManager.open (store write + actor each)`
  )
  const otherTokens: Array<string> = []
  const started = performance.now()
  for (let index = 0; index < settings.otherUsers && otherTokens.length < settings.otherSessions; index++) {
    const user = createUser(app, `other-${index}@bench.test`)
    const sessions = Math.min(perUser, settings.otherSessions - otherTokens.length)
    for (const { token } of openSessions(app, user, sessions)) otherTokens.push(token)
    if ((index + 1) % Math.ceil(settings.otherUsers / 4) === 0)
      progress(`Fan-out: … ${count(otherTokens.length)} opened`)
  }
  const openMs = performance.now() - started
  progress(`Fan-out: ${count(app.registry.size)} live actors (${us((openMs * 1000) / otherTokens.length)} per open)`)
  measureAll(otherTokens.length)

  const alone = (sessions: number) => rows.find((row) => row.sessions === sessions && row.others === 0)!.summary
  const table: Table = {
    title: "Fan-out: a user change reaching every live actor of that user",
    columns: [
      "user's sessions",
      "other live sessions",
      "p50",
      "p99",
      "max",
      "per session (p50)",
      "p50 vs 0 others",
      "target"
    ],
    rows: rows.map(({ sessions, others, summary }) => [
      count(sessions),
      count(others),
      ms(summary.p50),
      ms(summary.p99),
      ms(summary.max),
      us((summary.p50 * 1000) / sessions),
      others === 0 ? "" : ratio(summary.p50, alone(sessions).p50),
      sessions === targetSessions ? verdict(summary) : ""
    ]),
    notes: [
      `After ${settings.warmupRounds} untimed changes of the largest user (JIT warm-up), each row: ${settings.warmupRounds} warm-up changes, then ${settings.rounds} timed ones, alternately "email confirmed" and "email changed" (unconfirmed), each committed to the store first (not timed), then SessionManager.dispatch timed until it returns; every actor of the user is then checked to hold the new version and state.`,
      `The other sessions belong to ${count(settings.otherUsers)} other users (${perUser} each), all live actors opened through SessionManager.open. "p50 vs 0 others" near 1× means fan-out does not depend on them; for 1 session the times are a few µs, where timer and JIT noise dominate the ratio.`,
      "Each change allocates a new snapshot per session, so a young-generation GC sometimes lands inside a timed dispatch: that is the gap between p50 and max."
    ]
  }
  return { table, otherTokens }
}
