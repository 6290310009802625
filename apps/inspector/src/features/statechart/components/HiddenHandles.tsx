/**
 * React Flow draws an edge only between handles. The chart's edges follow ELK's routes, not the
 * handles, so each node has one of each kind, invisible and never connectable.
 */
import { Handle, Position } from "@xyflow/react"

export const HiddenHandles = () => (
  <>
    <Handle type="target" position={Position.Top} isConnectable={false} className="chart-handle" />
    <Handle type="source" position={Position.Bottom} isConnectable={false} className="chart-handle" />
  </>
)
