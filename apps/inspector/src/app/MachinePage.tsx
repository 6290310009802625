/**
 * The session machine on its own: the statechart drawn from the definition the API runs, with a
 * picker of its leaf states to see what a session in each accepts.
 */
import { useMemo, useState } from "react"
import { StatechartView } from "../features/statechart/components/StatechartView.tsx"
import { activeNodeIds, eventsHandledIn } from "../features/statechart/graph/activeConfiguration.ts"
import { sessionChart } from "./sessionChart.ts"
import { StatePicker } from "./StatePicker.tsx"

export const MachinePage = () => {
  const [pickedState, setPickedState] = useState<string | null>(null)
  const activeStates = useMemo(() => (pickedState === null ? [] : [pickedState]), [pickedState])
  const acceptedEvents = useMemo(
    () => eventsHandledIn(sessionChart, activeNodeIds(sessionChart, activeStates)),
    [activeStates]
  )
  return (
    <section className="statechart-page" aria-labelledby="statechart-heading">
      <div className="statechart-page__intro">
        <h2 id="statechart-heading">Session machine</h2>
        <p>Drawn from the machine definition the API runs, so it always shows the rules sessions follow.</p>
      </div>
      <StatePicker graph={sessionChart} picked={pickedState} onPick={setPickedState} acceptedEvents={acceptedEvents} />
      <div className="statechart-page__chart">
        <StatechartView graph={sessionChart} activeStates={activeStates} acceptedEvents={acceptedEvents} />
      </div>
    </section>
  )
}
