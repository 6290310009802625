/** Lays the chart out in the worker whenever the graph changes; the chart shows the latest answer. */
import { useEffect, useState } from "react"
import type { StatechartGraph } from "../graph/StatechartGraph.ts"
import { elkInWorker } from "../layout/elkInWorker.ts"
import { layoutStatechart } from "../layout/layoutStatechart.ts"
import type { StatechartLayout } from "../layout/StatechartLayout.ts"

export type LayoutProgress =
  | { readonly status: "laying-out" }
  | { readonly status: "ready"; readonly layout: StatechartLayout }
  | { readonly status: "failed"; readonly message: string }

type Answer = { readonly graph: StatechartGraph; readonly progress: LayoutProgress }

export const useStatechartLayout = (graph: StatechartGraph): LayoutProgress => {
  const [answer, setAnswer] = useState<Answer | null>(null)
  useEffect(() => {
    let wanted = true
    layoutStatechart(graph, elkInWorker()).then(
      (layout) => {
        if (wanted) setAnswer({ graph, progress: { status: "ready", layout } })
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error)
        if (wanted) setAnswer({ graph, progress: { status: "failed", message } })
      }
    )
    return () => {
      wanted = false
    }
  }, [graph])
  // An answer for an earlier graph is not this graph's layout.
  return answer?.graph === graph ? answer.progress : { status: "laying-out" }
}
