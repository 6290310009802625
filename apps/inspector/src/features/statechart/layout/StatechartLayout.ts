/**
 * Where ELK put everything, in the coordinates React Flow wants: a box relative to its parent
 * (sub-flows position children inside their parent), routes and labels in the chart's absolute
 * coordinates (edges are drawn in one layer over the whole chart).
 */

export type Point = { readonly x: number; readonly y: number }

export type Box = Point & { readonly width: number; readonly height: number }

/** The filled dot of a compound state, with an arrow to the child it enters first. */
export type InitialMarker = {
  readonly id: string
  /** The route of its arrow, in `routes`. */
  readonly arrowId: string
  readonly parentId: string
  readonly targetId: string
  readonly box: Box
}

export type Route = {
  /** Start, bends, end. */
  readonly points: ReadonlyArray<Point>
  readonly label: Box | null
}

export type StatechartLayout = {
  readonly width: number
  readonly height: number
  /** Per state id, relative to its parent. */
  readonly states: ReadonlyMap<string, Box>
  readonly initialMarkers: ReadonlyArray<InitialMarker>
  /** Per edge id, and per initial marker's arrow id. */
  readonly routes: ReadonlyMap<string, Route>
}
