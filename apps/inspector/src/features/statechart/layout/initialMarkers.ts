/**
 * Statechart notation marks a compound state's initial child with a filled dot and an arrow.
 * The dot is laid out as a small node of its own, so ELK keeps it clear of everything else.
 */
import type { StatechartGraph } from "../graph/StatechartGraph.ts"

/** Per compound state id, the id of the child it enters first. Parallel regions have none. */
export const initialChildren = (graph: StatechartGraph): ReadonlyMap<string, string> => {
  const kindOf = new Map(graph.nodes.map((node) => [node.id, node.kind]))
  return new Map(
    graph.nodes.flatMap((node) =>
      node.initial && node.parentId !== null && kindOf.get(node.parentId) === "compound"
        ? [[node.parentId, node.id] as const]
        : []
    )
  )
}

/** State keys are identifiers, without `>`, so these ids never collide with a state's or an edge's. */
export const initialMarkerId = (parentId: string): string => `${parentId}>(initial)`

export const initialArrowId = (parentId: string): string => `${parentId}>(initial)>`
