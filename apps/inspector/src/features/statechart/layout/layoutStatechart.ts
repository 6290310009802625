/** Lays a statechart out with ELK: in the page, the one in the worker (`elkInWorker`). */
import type { ELK } from "elkjs/lib/elk-api.js"
import type { StatechartGraph } from "../graph/StatechartGraph.ts"
import { fromElkLayout } from "./fromElkLayout.ts"
import type { StatechartLayout } from "./StatechartLayout.ts"
import { chartLayoutOptions, toElkGraph } from "./toElkGraph.ts"

/** The part of ELK a layout needs: the worker's ELK in the page, ELK itself in a unit test. */
export type LayoutEngine = Pick<ELK, "layout">

export const layoutStatechart = async (graph: StatechartGraph, elk: LayoutEngine): Promise<StatechartLayout> =>
  fromElkLayout(graph, await elk.layout(toElkGraph(graph), { layoutOptions: chartLayoutOptions }))
