/**
 * The inspector's shell. For now it has one page, the session machine's statechart, with a local
 * picker of the machine's own states standing in for a selected session; the features that show
 * real sessions (sign-in, search, trail, replay, health) will be composed here beside it.
 */
import { sessionMachine } from "@verity/session-machine"
import { useMemo, useState } from "react"
import { activeNodeIds, eventsHandledIn } from "../features/statechart/graph/activeConfiguration.ts"
import { deriveStatechartGraph } from "../features/statechart/graph/deriveStatechartGraph.ts"
import { StatechartView } from "../features/statechart/components/StatechartView.tsx"
import { StatePicker } from "./StatePicker.tsx"

const sessionChart = deriveStatechartGraph(sessionMachine)

export const App = () => {
  const [pickedState, setPickedState] = useState<string | null>(null)
  const activeStates = useMemo(() => (pickedState === null ? [] : [pickedState]), [pickedState])
  // What a session in that state listens to; a real session view will ask the session itself.
  const acceptedEvents = useMemo(
    () => eventsHandledIn(sessionChart, activeNodeIds(sessionChart, activeStates)),
    [activeStates]
  )
  return (
    <div className="inspector">
      <header className="inspector__header">
        <h1>Verity inspector</h1>
      </header>
      <main className="inspector__main">
        <section className="statechart-page" aria-labelledby="statechart-heading">
          <div className="statechart-page__intro">
            <h2 id="statechart-heading">Session machine</h2>
            <p>Drawn from the machine definition the API runs, so it always shows the rules sessions follow.</p>
          </div>
          <StatePicker
            graph={sessionChart}
            picked={pickedState}
            onPick={setPickedState}
            acceptedEvents={acceptedEvents}
          />
          <div className="statechart-page__chart">
            <StatechartView graph={sessionChart} activeStates={activeStates} acceptedEvents={acceptedEvents} />
          </div>
        </section>
      </main>
    </div>
  )
}
