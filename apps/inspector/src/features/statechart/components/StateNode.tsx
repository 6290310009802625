/**
 * A state's box: its name, then the transitions that only run actions, listed where they are
 * declared. A compound or parallel state is a box its children sit in (a React Flow sub-flow).
 */
import type { NodeProps } from "@xyflow/react"
import { transitionLabel } from "../graph/transitionLabel.ts"
import type { StateFlowNode } from "./flowElements.ts"
import { HiddenHandles } from "./HiddenHandles.tsx"

export const StateNode = ({ data }: NodeProps<StateFlowNode>) => {
  const { state, active, region, enabledTargetless, occupants } = data
  return (
    <div
      className="chart-state"
      data-state={state.id}
      data-kind={state.kind}
      data-active={active}
      data-region={region}
      data-occupants={occupants}
      title={state.id}
    >
      <HiddenHandles />
      {occupants > 0 && (
        <span className="chart-state__occupants">
          {occupants} {occupants === 1 ? "session" : "sessions"}
        </span>
      )}
      <div className="chart-state__name">{state.label}</div>
      {state.targetless.length > 0 && (
        <ul className="chart-state__targetless" aria-label={`transitions that keep ${state.id} as it is`}>
          {state.targetless.map((transition) => (
            <li
              key={transition.id}
              data-transition={transition.id}
              data-enabled={enabledTargetless.includes(transition.id)}
            >
              {transitionLabel(transition)}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
