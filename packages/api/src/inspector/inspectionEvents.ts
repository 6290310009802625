/**
 * A session's replayed trail as XState 5 inspection events, the JSON other XState tooling loads
 * (the Stately inspector's protocol sends the same shapes): XState's own `InspectionEvent`s with
 * the live `actorRef` replaced by the actor's `sessionId` (and `sourceRef` by `sourceId`), and
 * each snapshot as its JSON (`status`, `value`, `context`).
 *
 * The order is XState's own when it runs an actor: `@xstate.actor` when it is created, an
 * `@xstate.event` of `xstate.init` and its first `@xstate.snapshot` when it starts, then an
 * `@xstate.event` and an `@xstate.snapshot` for every event. A session made live again (rebuilt
 * from the store, or where the trail had a gap) is a new actor with the same id, as it is in the
 * API; one that left memory ends with a snapshot of status `stopped` on `xstate.stop`, as a
 * stopped actor does. Addresses are masked, as everywhere in the inspector.
 */
import { type SessionEvent, sessionMachine } from "@verity/session-machine"
import type { SessionStateValue } from "../trail/readTrail.ts"
import type { InspectedMachine } from "./SessionInspection.ts"
import type { ReplayStep } from "./SessionReplay.ts"

/** A snapshot as inspection events carry it. */
export type InspectedSnapshotJson = {
  readonly status: "active" | "done" | "error" | "stopped"
  readonly value: SessionStateValue
  readonly context: InspectedMachine["context"]
}

/** Events only XState itself sends: an actor starting, and one stopping. */
export type LifecycleEvent = { readonly type: "xstate.init" } | { readonly type: "xstate.stop" }

type EventFields = {
  /** The root actor's session id; every session is a root actor. */
  readonly rootId: string
  /** The actor's: the Verity session's id. */
  readonly sessionId: string
  /** Unique within the export. */
  readonly id: string
  readonly createdAt: string
}

export type ExportedInspectionEvent =
  | (EventFields & {
      readonly type: "@xstate.actor"
      readonly name: string
      /** The machine definition, JSON-encoded, as `machine.toJSON()` gives it. */
      readonly definition: string
      readonly snapshot: InspectedSnapshotJson
    })
  | (EventFields & { readonly type: "@xstate.event"; readonly event: SessionEvent | LifecycleEvent })
  | (EventFields & {
      readonly type: "@xstate.snapshot"
      readonly event: SessionEvent | LifecycleEvent
      readonly snapshot: InspectedSnapshotJson
    })

export type InspectionExport = {
  /** A name for the file the inspector offers to save. */
  readonly fileName: string
  readonly events: ReadonlyArray<ExportedInspectionEvent>
}

const snapshotJson = (state: InspectedMachine): InspectedSnapshotJson => ({
  status: state.status,
  value: state.value,
  context: state.context
})

// Computed once: the definition does not change while the process runs.
let definition: string | undefined
const machineDefinition = () => (definition ??= JSON.stringify(sessionMachine.toJSON()))

export const inspectionEventsOf = (sessionId: string, steps: ReadonlyArray<ReplayStep>): InspectionExport => {
  const events: Array<ExportedInspectionEvent> = []
  const fields = (step: ReplayStep, suffix: string): EventFields => ({
    rootId: sessionId,
    sessionId,
    id: `${step.recordId}:${step.index}:${suffix}`,
    createdAt: step.at
  })
  for (const step of steps) {
    const snapshot = snapshotJson(step.state)
    if (step.kind === "started" || step.source === "resynced") {
      const init: LifecycleEvent = { type: "xstate.init" }
      events.push(
        {
          ...fields(step, "actor"),
          type: "@xstate.actor",
          name: sessionMachine.id,
          definition: machineDefinition(),
          snapshot
        },
        { ...fields(step, "event"), type: "@xstate.event", event: init },
        { ...fields(step, "snapshot"), type: "@xstate.snapshot", event: init, snapshot }
      )
    } else if (step.kind === "evicted") {
      const stop: LifecycleEvent = { type: "xstate.stop" }
      events.push({
        ...fields(step, "snapshot"),
        type: "@xstate.snapshot",
        event: stop,
        snapshot: { ...snapshot, status: "stopped" }
      })
    } else if (step.event !== null) {
      events.push(
        { ...fields(step, "event"), type: "@xstate.event", event: step.event },
        { ...fields(step, "snapshot"), type: "@xstate.snapshot", event: step.event, snapshot }
      )
    }
  }
  return { fileName: `verity-session-${sessionId}.inspection.json`, events }
}
