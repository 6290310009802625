/**
 * One selected session: its current state highlighted on the statechart, the events it accepts
 * now (asked of the session itself by the API, `snapshot.can`), how many of the user's sessions
 * are in each state, its replay and its export.
 */
import { useMemo } from "react"
import { ExportButton } from "../features/export/components/ExportButton.tsx"
import { ReplayStepper } from "../features/replay/components/ReplayStepper.tsx"
import type { InspectedSession } from "../features/sessions/liveUserSessions.ts"
import { StatechartView } from "../features/statechart/components/StatechartView.tsx"
import { statePaths } from "../features/statechart/graph/statePaths.ts"
import { sessionChart } from "./sessionChart.ts"

type SessionDetailProps = {
  readonly session: InspectedSession
  /** Every session of the user: the chart shows how many are in each state. */
  readonly sessions: ReadonlyArray<InspectedSession>
}

/** Sessions per state path, counting the ones still active (an ended one is in `revoked`). */
const occupancyOf = (sessions: ReadonlyArray<InspectedSession>): ReadonlyMap<string, number> => {
  const counts = new Map<string, number>()
  for (const path of sessions.flatMap((inspected) => statePaths(inspected.machine.value))) {
    counts.set(path, (counts.get(path) ?? 0) + 1)
  }
  return counts
}

export const SessionDetail = ({ session, sessions }: SessionDetailProps) => {
  const { value } = session.machine
  const activeStates = useMemo(() => statePaths(value), [value])
  const { accepts } = session
  const acceptedEvents = useMemo(
    () => [...new Set(accepts.filter((accept) => accept.accepted).map((accept) => accept.event.type))],
    [accepts]
  )
  const occupancy = useMemo(() => occupancyOf(sessions), [sessions])
  return (
    <section className="session-detail" aria-labelledby="session-detail-heading" data-session-id={session.id}>
      <h3 id="session-detail-heading">
        Session {session.id.slice(0, 8)}: <span className="session-detail__state">{session.machine.stateName}</span>
      </h3>
      <p className="session-detail__accepts">
        {acceptedEvents.length === 0 ? "Accepts no event now." : `Accepts now: ${acceptedEvents.join(", ")}.`}{" "}
        <ExportButton sessionId={session.id} />
      </p>
      <div className="session-detail__chart">
        <StatechartView
          graph={sessionChart}
          activeStates={activeStates}
          acceptedEvents={acceptedEvents}
          occupancy={occupancy}
        />
      </div>
      <h4>Replay</h4>
      <ReplayStepper sessionId={session.id} lastEventId={session.lastEvent?.id ?? null} />
    </section>
  )
}
