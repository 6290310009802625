/**
 * One user's sessions, live, for the inspector's subscription: the whole picture first, then
 * every step, start and eviction of their sessions and every fan-out of their changes, as it
 * happens.
 *
 * What this instance does is heard from SessionActivity at once (no store, no polling), with
 * the session's new state. What other instances do reaches the store through their session
 * trail, and is read from there every half second (within about a second of the step: their
 * flush, then this poll); those entries carry the step's states and versions, not a live state.
 * The embedded store serves one process, so there it does not poll.
 */
import { acceptedEvents, isRevoked } from "@verity/session-machine"
import { SessionTrail, type StoreError } from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Option, Queue, Stream } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { SessionActivity, type SessionActivityEvent } from "../sessions/activity/SessionActivity.ts"
import type { LiveSession } from "../sessions/live/LiveSession.ts"
import { noteActivity, recordsOf } from "../trail/notedActivity.ts"
import type { LiveMessage } from "./InspectorViews.ts"
import { inspectedMachine, SessionInspection } from "./SessionInspection.ts"
import { dispatchEntryOf, maskedEvent, trailEntryOf } from "./trailEntries.ts"

// Activity waiting for a slow subscriber; past this, the subscriber gets the whole picture again.
const bufferSize = 1_024
// How often other instances' records are looked for in the store.
const otherInstancesPollInterval = Duration.millis(500)
// Records of other instances read per poll; a busier user is caught up over the next polls.
const otherInstancesPollLimit = 500

const sessionOfEvent = (event: SessionActivityEvent): LiveSession | null =>
  event._tag === "Stepped" || event._tag === "Opened" || event._tag === "Rebuilt" ? event.session : null

const isAbout = (userId: string, event: SessionActivityEvent): boolean => {
  switch (event._tag) {
    case "Stepped":
    case "Opened":
    case "Rebuilt":
      return event.session.userId === userId
    case "Evicted":
      return event.sessions.some((session) => session.userId === userId)
    case "Dispatched":
      return event.change.user.id === userId
  }
}

export class LiveWatch extends Context.Service<
  LiveWatch,
  {
    /**
     * The user's sessions now, then every change, until the consumer stops. A user that does not
     * exist ends it at once (ask `SessionInspection` first for a clear answer).
     */
    watch(userId: string): Stream.Stream<LiveMessage, StoreError>
  }
>()("@verity/api/inspector/LiveWatch") {
  static readonly layer = Layer.effect(
    LiveWatch,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const activity = yield* SessionActivity
      const trail = yield* SessionTrail
      const inspection = yield* SessionInspection
      const clock = yield* Clock.Clock
      let seq = 0
      // Entries of this instance are built exactly as the recorder builds its records.
      const stamp = { instanceId: config.instanceId, retentionMs: 0, nextSeq: () => seq++ }

      const watch = (userId: string): Stream.Stream<LiveMessage, StoreError> =>
        Stream.unwrap(
          Effect.gen(function* () {
            const heard = yield* Queue.dropping<SessionActivityEvent>(bufferSize)
            let missedSome = false
            // Listening starts before the first picture is taken, so nothing falls between the two;
            // what was heard meanwhile follows the picture (each message carries the state after it).
            yield* Effect.acquireRelease(
              Effect.sync(() =>
                activity.subscribe((event) => {
                  if (isAbout(userId, event) && !Queue.offerUnsafe(heard, event)) missedSome = true
                })
              ),
              (stopListening) => Effect.sync(stopListening)
            )
            const first = yield* inspection.sessionsOf(userId)
            if (Option.isNone(first)) return Stream.empty as Stream.Stream<LiveMessage, StoreError>
            let knownVersion = first.value.user.version

            /** The state a trail message carries: the session's right after the step, or none. */
            const liveState = (session: LiveSession | null) =>
              session === null
                ? { machine: null, accepts: [], heldVersion: null, behind: false }
                : {
                    machine: { ...inspectedMachine(session.snapshot), source: "live" as const },
                    accepts: acceptedEvents(session.snapshot, clock.currentTimeMillisUnsafe()).map(
                      ({ event, accepted }) => ({
                        event: maskedEvent(event),
                        accepted
                      })
                    ),
                    heldVersion: session.snapshot.context.userVersion,
                    behind: !isRevoked(session.snapshot) && session.snapshot.context.userVersion < knownVersion
                  }

            const messagesOf = (event: SessionActivityEvent): ReadonlyArray<LiveMessage> => {
              const noted = noteActivity(event, clock.currentTimeMillisUnsafe())
              if (noted === null) return []
              if (noted.kind === "dispatched") knownVersion = Math.max(knownVersion, noted.change.version)
              const session = sessionOfEvent(event)
              return recordsOf(noted, stamp).flatMap((record): ReadonlyArray<LiveMessage> => {
                if (record.kind === "dispatched") return [{ kind: "dispatch", ...dispatchEntryOf(record) }]
                const entry = trailEntryOf(record)
                return entry === null ? [] : [{ kind: "trail", entry, ...liveState(session) }]
              })
            }

            const here = Stream.fromQueue(heard).pipe(
              Stream.mapEffect((event) =>
                Effect.gen(function* () {
                  const messages = messagesOf(event)
                  if (!missedSome) return messages
                  missedSome = false
                  const again = yield* inspection.sessionsOf(userId)
                  return Option.isSome(again) ? [...messages, { kind: "sessions" as const, ...again.value }] : messages
                })
              ),
              Stream.flattenIterable
            )

            // Records other instances wrote since the last poll (ids remembered to skip the boundary).
            let since = first.value.checkedAt
            let seenAtBoundary = new Set<string>()
            const elsewhere = Stream.tick(otherInstancesPollInterval).pipe(
              Stream.mapEffect(() =>
                Effect.map(trail.ofUser(userId, { since, limit: otherInstancesPollLimit }), (records) => {
                  const fresh = records
                    .filter((record) => record.instanceId !== config.instanceId && !seenAtBoundary.has(record.id))
                    .toReversed()
                  const newest = records[0]
                  if (newest !== undefined) {
                    seenAtBoundary = new Set(
                      records.filter((record) => record.at === newest.at).map((record) => record.id)
                    )
                    since = newest.at
                  }
                  return fresh.flatMap((record): ReadonlyArray<LiveMessage> => {
                    if (record.kind === "dispatched") {
                      knownVersion = Math.max(knownVersion, record.userVersion)
                      return [{ kind: "dispatch", ...dispatchEntryOf(record) }]
                    }
                    const entry = trailEntryOf(record)
                    return entry === null ? [] : [{ kind: "trail", entry, ...liveState(null) }]
                  })
                })
              ),
              Stream.flattenIterable
            )

            const picture: LiveMessage = { kind: "sessions", ...first.value }
            const sharedStore = Option.isSome(config.mongodbUri)
            return Stream.concat(Stream.make(picture), sharedStore ? Stream.merge(here, elsewhere) : here)
          })
        )

      return LiveWatch.of({ watch })
    })
  )
}
