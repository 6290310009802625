/**
 * The statechart of a machine, laid out by ELK in a worker and drawn with React Flow. Read-only:
 * states cannot be dragged or connected. A session view passes the states its session is in and
 * the events it accepts now; those states (with their ancestors) and the transitions the session
 * could take are highlighted.
 */
import { Background, Controls, ReactFlow, type EdgeTypes, type NodeTypes } from "@xyflow/react"
import { useMemo } from "react"
import { activeNodeIds } from "../graph/activeConfiguration.ts"
import type { StatechartGraph } from "../graph/StatechartGraph.ts"
import { chartFontFamily } from "../layout/chartMetrics.ts"
import { toFlowElements } from "./flowElements.ts"
import { InitialMarkerNode } from "./InitialMarkerNode.tsx"
import { StateNode } from "./StateNode.tsx"
// oxlint-disable-next-line import/no-unassigned-import -- Vite adds an imported stylesheet to the page
import "./statechart.css"
import { TransitionEdge } from "./TransitionEdge.tsx"
import { useStatechartLayout } from "./useStatechartLayout.ts"

// Defined once: React Flow re-mounts every node when these objects change.
const nodeTypes: NodeTypes = { state: StateNode, initialMarker: InitialMarkerNode }
const edgeTypes: EdgeTypes = { transition: TransitionEdge }

export type StatechartViewProps = {
  readonly graph: StatechartGraph
  /** The session's state paths (`active.verified`); their ancestors are active too. */
  readonly activeStates: ReadonlyArray<string>
  /** The events the session accepts now; their transitions from active states are highlighted. */
  readonly acceptedEvents: ReadonlyArray<string>
  /** Sessions per state path: each state shows how many of them it holds. */
  readonly occupancy?: ReadonlyMap<string, number>
}

export const StatechartView = ({ graph, activeStates, acceptedEvents, occupancy }: StatechartViewProps) => {
  const progress = useStatechartLayout(graph)
  const elements = useMemo(
    () =>
      progress.status === "ready"
        ? toFlowElements(graph, progress.layout, {
            activeIds: activeNodeIds(graph, activeStates),
            acceptedEvents: new Set(acceptedEvents),
            ...(occupancy === undefined ? {} : { occupancy })
          })
        : null,
    [graph, progress, activeStates, acceptedEvents, occupancy]
  )
  return (
    <figure
      className="statechart"
      // "elk" only once the worker has answered: the browser test waits for it.
      data-layout={progress.status === "ready" ? "elk" : progress.status}
      style={{ fontFamily: chartFontFamily }}
      aria-label={`Statechart of the ${graph.machineId} machine`}
    >
      {progress.status === "laying-out" && <p role="status">Laying out the chart…</p>}
      {progress.status === "failed" && <p role="alert">The chart could not be laid out: {progress.message}</p>}
      {elements !== null && (
        <ReactFlow
          nodes={[...elements.nodes]}
          edges={[...elements.edges]}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          zIndexMode="manual"
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          fitView
          minZoom={0.2}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      )}
    </figure>
  )
}
