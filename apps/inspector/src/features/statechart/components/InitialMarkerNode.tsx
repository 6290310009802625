/** The filled dot a compound state's initial arrow starts from. */
import { HiddenHandles } from "./HiddenHandles.tsx"

export const InitialMarkerNode = () => (
  <div className="chart-initial" data-initial-marker>
    <HiddenHandles />
  </div>
)
