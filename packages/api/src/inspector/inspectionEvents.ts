/**
 * A session's replayed trail as XState 5 inspection events, the JSON other XState tooling loads
 * (the Stately inspector's protocol sends the same shapes): XState's own `InspectionEvent`s with
 * the live `actorRef` replaced by the actor's `sessionId`, and each snapshot as its JSON
 * (`status`, `value`, `context`). There is no `sourceId`: no actor sends events to a session, the
 * API does.
 *
 * The order is XState's own when it runs an actor: `@xstate.actor` when it is created, an
 * `@xstate.event` of `xstate.init` and its first `@xstate.snapshot` when it starts, then an
 * `@xstate.event` and an `@xstate.snapshot` for every event. A session made live again (rebuilt
 * from the store, or where the trail had a gap) is a new actor with the same id, as it is in the
 * API; one that left memory ends with a snapshot of status `stopped` on `xstate.stop`, as a
 * stopped actor does. Addresses are masked, as everywhere in the inspector.
 */
import { sessionMachine } from "@verity/session-machine"
import type { ExportedInspectionEvent, InspectedMachine, InspectionExport, ReplayStep } from "./InspectorViews.ts"

type InspectedSnapshotJson = Extract<ExportedInspectionEvent, { readonly type: "@xstate.actor" }>["snapshot"]

type EventFields = Pick<ExportedInspectionEvent, "rootId" | "sessionId" | "id" | "createdAt">

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
      const init = { type: "xstate.init" } as const
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
      const stop = { type: "xstate.stop" } as const
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
