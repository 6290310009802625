import { sessionMachine } from "@verity/session-machine"
import { deriveStatechartGraph } from "../features/statechart/graph/deriveStatechartGraph.ts"

/** The session machine's chart, derived once from the definition the API runs. */
export const sessionChart = deriveStatechartGraph(sessionMachine)
