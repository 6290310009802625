/** A transition along ELK's route, labelled `EVENT [guard]` where ELK made room for the label. */
import { BaseEdge, EdgeLabelRenderer, type EdgeProps } from "@xyflow/react"
import { edgeLayer, type TransitionFlowEdge } from "./flowElements.ts"
import { routePath } from "./routePath.ts"

export const TransitionEdge = ({ id, data, markerEnd }: EdgeProps<TransitionFlowEdge>) => {
  if (data === undefined) return null
  const { route, label, enabled } = data
  const box = route.label
  return (
    <>
      <BaseEdge
        id={id}
        path={routePath(route.points)}
        className={enabled ? "chart-transition chart-transition--enabled" : "chart-transition"}
        {...(markerEnd === undefined ? {} : { markerEnd })}
      />
      {label !== null && box !== null && (
        <EdgeLabelRenderer>
          <div
            className="chart-transition-label"
            data-transition={id}
            data-enabled={enabled}
            style={{
              transform: `translate(${box.x}px, ${box.y}px)`,
              width: box.width,
              height: box.height,
              zIndex: edgeLayer
            }}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  )
}
