/**
 * The fan-out trace of one user change (the user at one version): every session of the user
 * that existed when it was committed, and what became of the change there, assembled from the
 * session trail that every instance writes. The commit time is the change's stamp (the user's
 * `lastChange.at` as it was written); each delay is the recorded step's time minus it.
 *
 * - reached: a live session took the change (USER_CHANGED at that version), on that instance.
 * - caughtUp: a live session that missed it (a version gap) reloaded the user and so took it.
 * - rebuiltLater: the session was dormant and was rebuilt from the store at that version or later.
 * - dormant: not live anywhere when it was committed, and not used since: it will be current when
 *   it is rebuilt (G3).
 * - missed: an instance held it live, and nothing it recorded since shows the change arriving.
 */
import { Sessions, SessionTrail, type SessionTrailRecord, type StoreError, Users } from "@verity/store"
import { Context, Effect, Layer, Option } from "effect"
import { eventOf, userVersionAfter } from "../trail/readTrail.ts"
import { SessionTrailRecorder } from "../trail/SessionTrailRecorder.ts"
import type { FanOutTraceView } from "./InspectorViews.ts"
import { dispatchEntryOf } from "./trailEntries.ts"

// The user's sessions considered: the newest, as the sessions page lists them.
const sessionLimit = 200
// The records read after the commit to find where the change arrived.
const recordsAfterCommitLimit = 10_000
// Read from this long before the commit: another instance's clock may run behind the committer's.
// Only a record holding the change's version counts as its arrival, and none can precede the commit.
const clockSkewAllowanceMs = 5 * 60_000

type FanOutSession = FanOutTraceView["sessions"][number]

const delayFrom = (committedAt: string | null, at: string): number | null =>
  committedAt === null ? null : Date.parse(at) - Date.parse(committedAt)

/** The first record that shows the session holding `version` or later, and how it came to. */
const arrival = (
  records: ReadonlyArray<SessionTrailRecord>,
  version: number
): { readonly record: SessionTrailRecord; readonly outcome: "reached" | "caughtUp" | "rebuiltLater" } | null => {
  for (const record of records) {
    if (record.kind === "started" && record.how === "rebuilt" && record.userVersion >= version) {
      return { record, outcome: "rebuiltLater" }
    }
    if (record.kind !== "stepped") continue
    const event = eventOf(record.event)
    if (event.type === "USER_CHANGED" && event.version === version) return { record, outcome: "reached" }
    if (record.userVersionBefore < version && record.userVersionAfter >= version) return { record, outcome: "caughtUp" }
  }
  return null
}

export class FanOutTrace extends Context.Service<
  FanOutTrace,
  {
    /** None for a user that does not exist, or a version that was no change (1, the sign-up, or one it never had). */
    trace(userId: string, version: number): Effect.Effect<Option.Option<FanOutTraceView>, StoreError>
  }
>()("@verity/api/inspector/FanOutTrace") {
  static readonly layer = Layer.effect(
    FanOutTrace,
    Effect.gen(function* () {
      const users = yield* Users
      const sessions = yield* Sessions
      const trail = yield* SessionTrail
      const recorder = yield* SessionTrailRecorder

      const trace = Effect.fn("FanOutTrace.trace")(function* (userId: string, version: number) {
        yield* recorder.flush
        const user = Option.getOrUndefined(yield* users.findById(userId))
        // Version 1 is the account's creation, which no session existed to hear of.
        if (user === undefined || version < 2 || version > user.version) return Option.none()
        const dispatches = (yield* trail.dispatchesOf(userId, version)).map(dispatchEntryOf)
        const latestIsIt = user.version === version
        const committedAt =
          dispatches.find((dispatch) => dispatch.committedAt !== null)?.committedAt ??
          (latestIsIt ? (user.lastChange?.at ?? null) : null)
        const cause = dispatches[0]?.cause ?? (latestIsIt ? (user.lastChange?.cause ?? null) : null)

        // The sessions that could hear of it: made before it and not ended before it.
        const candidates = (yield* sessions.listRecentByUser(userId, sessionLimit)).filter(
          (session) =>
            committedAt === null ||
            (session.createdAt <= committedAt && (session.revokedAt === null || session.revokedAt >= committedAt))
        )
        const ids = candidates.map((session) => session.id)
        const heldAtCommit = new Map(
          (yield* trail.latestOfSessions(ids, committedAt === null ? {} : { before: committedAt })).map((record) => [
            record.sessionId,
            record
          ])
        )
        const after = (yield* trail.ofUser(userId, {
          limit: recordsAfterCommitLimit,
          kinds: ["started", "stepped"],
          ...(committedAt === null
            ? {}
            : { since: new Date(Date.parse(committedAt) - clockSkewAllowanceMs).toISOString() })
        })).toReversed()
        const afterBySession = Map.groupBy(after, (record) => record.sessionId)

        const traced = candidates.map((session): FanOutSession => {
          const device = { userAgent: session.userAgent, ip: session.ip }
          const arrived = arrival(afterBySession.get(session.id) ?? [], version)
          if (arrived !== null) {
            return {
              sessionId: session.id,
              device,
              outcome: arrived.outcome,
              instanceId: arrived.record.instanceId,
              at: arrived.record.at,
              delayMs: delayFrom(committedAt, arrived.record.at),
              requestId: arrived.record.requestId
            }
          }
          const held = heldAtCommit.get(session.id)
          const wasLive = held !== undefined && held.kind !== "evicted" && userVersionAfter(held) < version
          return {
            sessionId: session.id,
            device,
            outcome: wasLive ? "missed" : "dormant",
            instanceId: wasLive ? held.instanceId : null,
            at: null,
            delayMs: null,
            requestId: null
          }
        })

        return Option.some<FanOutTraceView>({
          userId,
          version,
          cause,
          committedAt,
          dispatches: dispatches.map((dispatch) => ({ ...dispatch, delayMs: delayFrom(committedAt, dispatch.at) })),
          sessions: traced
        })
      })

      return FanOutTrace.of({ trace })
    })
  )
}
