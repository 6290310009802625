import type { UserChange } from "@verity/domain"
import type { SessionEvent, SessionSnapshot } from "@verity/session-machine"
import { Clock, Context, Effect, Layer } from "effect"
import { CurrentRequestId } from "../../requests/CurrentRequestId.ts"
import type { LiveSession } from "../live/LiveSession.ts"

/** Where a step came from: when, and for which request (null for the feed or a timer). */
export type StepOrigin = { readonly atMs: number; readonly requestId: string | null }

/** Where the step being made comes from: now, and the request being served (if any). */
export const currentOrigin: Effect.Effect<StepOrigin> = Effect.zipWith(
  Clock.currentTimeMillis,
  Effect.service(CurrentRequestId),
  (atMs, requestId) => ({ atMs, requestId })
)

/** What happened to this instance's live sessions, as it happened. */
export type SessionActivityEvent =
  /** One machine step that changed the session (steps that change nothing are not told). */
  | {
      readonly _tag: "Stepped"
      readonly session: LiveSession
      readonly event: SessionEvent
      readonly before: SessionSnapshot
      readonly after: SessionSnapshot
      readonly origin: StepOrigin
    }
  /** A session made live at sign-in; `session.snapshot` is the state it starts from. */
  | { readonly _tag: "Opened"; readonly session: LiveSession; readonly origin: StepOrigin }
  /** A dormant session made live again from the store; `session.snapshot` is the state it starts from. */
  | {
      readonly _tag: "Rebuilt"
      readonly session: LiveSession
      readonly durationMs: number
      readonly origin: StepOrigin
    }
  /** Sessions that left memory (they stay valid in the store). */
  | {
      readonly _tag: "Evicted"
      readonly sessionIds: ReadonlyArray<string>
      /** The same sessions, as they were when they left. */
      readonly sessions: ReadonlyArray<LiveSession>
    }
  /** A user change delivered to every live session of its user on this instance. */
  | {
      readonly _tag: "Dispatched"
      readonly change: UserChange
      /** The live sessions it reached, in the order it reached them. */
      readonly sessionIds: ReadonlyArray<string>
      readonly durationMs: number
      readonly origin: StepOrigin
    }

export type SessionActivityListener = (event: SessionActivityEvent) => void

/**
 * One place where every session step, rebuild, eviction and fan-out of this instance is told,
 * for whoever watches (metrics, the session trail, the inspector), so none of them has to reach
 * into the SessionManager. Listeners run synchronously on the hot path: they must only note
 * what they need (a counter, a batch buffer) and never throw; one that throws is dropped from
 * this event, not from the fan-out.
 */
export class SessionActivity extends Context.Service<
  SessionActivity,
  {
    publish(event: SessionActivityEvent): void
    /** Answers the function that stops listening. */
    subscribe(listener: SessionActivityListener): () => void
  }
>()("@verity/api/sessions/SessionActivity") {
  static readonly layer = Layer.sync(SessionActivity, () => {
    const listeners = new Set<SessionActivityListener>()
    return SessionActivity.of({
      publish: (event) => {
        for (const listener of listeners) {
          try {
            listener(event)
          } catch {
            // A watcher's bug must not break the delivery of a change to the sessions.
          }
        }
      },
      subscribe: (listener) => {
        listeners.add(listener)
        return () => void listeners.delete(listener)
      }
    })
  })
}
