/**
 * Picks one of the machine's own leaf states to show as active, so the chart's highlighting can
 * be seen and tested before there are real sessions to select.
 */
import type { StatechartGraph } from "../features/statechart/graph/StatechartGraph.ts"

type StatePickerProps = {
  readonly graph: StatechartGraph
  readonly picked: string | null
  readonly onPick: (state: string | null) => void
  readonly acceptedEvents: ReadonlyArray<string>
}

export const StatePicker = ({ graph, picked, onPick, acceptedEvents }: StatePickerProps) => {
  const leaves = graph.nodes.filter((node) => node.kind === "atomic" || node.kind === "final")
  return (
    <div className="state-picker">
      <label>
        Show as active{" "}
        <select
          value={picked ?? ""}
          onChange={(event) => onPick(event.target.value === "" ? null : event.target.value)}
        >
          <option value="">no state</option>
          {leaves.map((node) => (
            <option key={node.id} value={node.id}>
              {node.id}
            </option>
          ))}
        </select>
      </label>
      {picked !== null && (
        <p aria-live="polite">
          {acceptedEvents.length === 0
            ? `In ${picked} the session accepts no event.`
            : `In ${picked} the session accepts ${acceptedEvents.join(", ")}.`}
        </p>
      )}
    </div>
  )
}
