// Over 200 lines on purpose: the replay steps a trail through the pure machine; reconstructing folded touches and gaps belongs with the stepping it feeds.
/**
 * A session's recorded trail stepped through again with the same pure machine the API runs
 * (`explainStep`, which is `advanceSession` plus the transitions it took): the state and
 * context after each step, what changed in the context, which guard decided each transition
 * (worked out here, from the machine definition, so the front end only shows it), and whether
 * the replay lands where the recording says the session went.
 *
 * Each recorded step keeps the context it started from, so the replay stays exact where the
 * trail is thin: a TOUCH that only moved `lastSeenAt` is recorded once a minute, and the last
 * one folded away is rebuilt from the next step's `lastSeenAt` ("reconstructed"); anything else
 * missing (records past the bound, or lost) makes the replay take up the next record's own
 * context ("resynced"), and says so.
 */
import { SessionNotFound } from "@verity/domain"
import {
  explainStep,
  type SessionContext,
  type SessionEvent,
  sessionMachine,
  type SessionSnapshot
} from "@verity/session-machine"
import { Sessions, SessionTrail, type SessionTrailRecord, type StoreError } from "@verity/store"
import { Context, Effect, Layer, Option } from "effect"
import { contextOf, eventOf, stateValueOf } from "../trail/readTrail.ts"
import { SessionTrailRecorder } from "../trail/SessionTrailRecorder.ts"
import type { ContextChange, ReplayStep, SessionReplayView } from "./InspectorViews.ts"
import { inspectedMachine } from "./SessionInspection.ts"
import { maskedContext, maskedEvent } from "./trailEntries.ts"

// The records replayed: a session's newest, as many as its trail keeps of every kind.
const replayLimit = 1_000

type Leaf = ContextChange["before"]

const leaves = (value: unknown, path: string, into: Map<string, Leaf>): Map<string, Leaf> => {
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) leaves(child, path === "" ? key : `${path}.${key}`, into)
  } else {
    into.set(path, value as Leaf)
  }
  return into
}

/** Every leaf of the context that differs, in the order of the later context. */
export const contextChanges = (before: SessionContext | null, after: SessionContext): ReadonlyArray<ContextChange> => {
  const was = before === null ? new Map<string, Leaf>() : leaves(before, "", new Map())
  const changes: Array<ContextChange> = []
  for (const [path, now] of leaves(after, "", new Map())) {
    const then = was.has(path) ? was.get(path)! : null
    if (then !== now) changes.push({ path, before: then, after: now })
  }
  return changes
}

const resolved = (value: unknown, context: SessionContext): SessionSnapshot =>
  sessionMachine.resolveState({ value: value as SessionSnapshot["value"], context })

const sameState = (a: SessionSnapshot, b: SessionSnapshot): boolean =>
  JSON.stringify(a.value) === JSON.stringify(b.value) && JSON.stringify(a.context) === JSON.stringify(b.context)

/** The replay of records (oldest first), step by step; pure. */
export const replayRecords = (records: ReadonlyArray<SessionTrailRecord>): ReadonlyArray<ReplayStep> => {
  const steps: Array<ReplayStep> = []
  // Where the replay is: the state after the last step (a holder, since `push` moves it).
  const replayed: { current: SessionSnapshot | null } = { current: null }

  const push = (
    record: Exclude<SessionTrailRecord, { readonly kind: "dispatched" }>,
    fields: Omit<ReplayStep, "index" | "recordId" | "at" | "instanceId" | "requestId" | "state" | "contextChanges"> & {
      readonly after: SessionSnapshot
    }
  ) => {
    const { after, ...rest } = fields
    steps.push({
      ...rest,
      index: steps.length,
      recordId: record.id,
      at: record.at,
      instanceId: record.instanceId,
      requestId: record.requestId,
      state: inspectedMachine(after),
      contextChanges: contextChanges(
        replayed.current === null ? null : maskedContext(replayed.current.context),
        maskedContext(after.context)
      )
    })
    replayed.current = after
  }

  for (const record of records) {
    const current = replayed.current
    switch (record.kind) {
      case "dispatched":
        break
      case "started":
        push(record, {
          source: "recorded",
          kind: "started",
          how: record.how,
          event: null,
          cause: null,
          decidedBy: [],
          effects: [],
          after: resolved(record.state, contextOf(record.context)),
          matchesRecording: true
        })
        break
      case "evicted":
        if (current === null) break
        push(record, {
          source: "recorded",
          kind: "evicted",
          how: null,
          event: null,
          cause: null,
          decidedBy: [],
          effects: [],
          after: current,
          matchesRecording: JSON.stringify(current.value) === JSON.stringify(record.state)
        })
        break
      case "stepped":
      case "touched": {
        const before = resolved(record.stateBefore, contextOf(record.contextBefore))
        if (current === null || !sameState(current, before)) {
          const folded = current === null ? null : reconstructedTouch(current, before)
          if (folded !== null) {
            push(record, {
              source: "reconstructed",
              kind: "touched",
              how: null,
              event: folded.event,
              cause: null,
              decidedBy: folded.transitions,
              effects: folded.effects,
              after: before,
              matchesRecording: true
            })
          } else {
            push(record, {
              source: "resynced",
              kind: record.kind,
              how: null,
              event: null,
              cause: null,
              decidedBy: [],
              effects: [],
              after: before,
              matchesRecording: true
            })
          }
        }
        const event = eventOf(record.event)
        const explained = explainStep(before, event)
        push(record, {
          source: "recorded",
          kind: record.kind,
          how: null,
          event: maskedEvent(event),
          cause: record.cause,
          decidedBy: explained.transitions,
          effects: explained.effects,
          after: explained.snapshot,
          matchesRecording:
            JSON.stringify(explained.snapshot.value) === JSON.stringify(stateValueOf(record.stateAfter)) &&
            explained.snapshot.context.userVersion === record.userVersionAfter
        })
        break
      }
    }
  }
  return steps
}

/**
 * The TOUCH folded away between `current` and a recorded step that starts at `before`: the one
 * whose time is `before`'s `lastSeenAt`, if replaying it from `current` lands exactly on `before`.
 */
const reconstructedTouch = (current: SessionSnapshot, before: SessionSnapshot) => {
  const event: SessionEvent = { type: "TOUCH", at: before.context.session.lastSeenAt }
  const explained = explainStep(current, event)
  return explained.snapshot !== current && sameState(explained.snapshot, before) ? { event, ...explained } : null
}

export class SessionReplay extends Context.Service<
  SessionReplay,
  {
    replay(sessionId: string): Effect.Effect<SessionReplayView, SessionNotFound | StoreError>
  }
>()("@verity/api/inspector/SessionReplay") {
  static readonly layer = Layer.effect(
    SessionReplay,
    Effect.gen(function* () {
      const sessions = yield* Sessions
      const trail = yield* SessionTrail
      const recorder = yield* SessionTrailRecorder

      const replay = Effect.fn("SessionReplay.replay")(function* (sessionId: string) {
        yield* recorder.flush
        const session = Option.getOrUndefined(yield* sessions.findById(sessionId))
        if (session === undefined) return yield* new SessionNotFound()
        const steps = replayRecords(yield* trail.ofSession(sessionId, replayLimit))
        return {
          sessionId,
          userId: session.userId,
          steps,
          complete: steps[0]?.kind === "started" && steps.every((step) => step.source !== "resynced")
        }
      })

      return SessionReplay.of({ replay })
    })
  )
}
