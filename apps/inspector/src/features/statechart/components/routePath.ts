/** An ELK route (start, bends, end) as an SVG path: straight segments, as ELK routed them. */
import type { Point } from "../layout/StatechartLayout.ts"

export const routePath = (points: ReadonlyArray<Point>): string =>
  points.map((point, index) => `${index === 0 ? "M" : "L"} ${point.x} ${point.y}`).join(" ")
