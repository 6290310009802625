/**
 * The sizes the layout reserves for text and boxes, and the font the chart draws with. Every
 * label is an identifier (a state key, an event, a guard), drawn in a monospace font, so its
 * width is its length times one advance, with no measuring in a browser: the worker can size
 * nodes itself and the layout comes out the same on every machine.
 */

/** Local fonts only: the inspector loads nothing from another host. */
export const chartFontFamily = '"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, ui-monospace, monospace'

/** Monospace advance as a share of the font size (DejaVu Sans Mono 0.602, Liberation Mono 0.6), rounded up. */
const advancePerFontSize = 0.61

export const stateLabelFontSize = 13
export const transitionFontSize = 11
export const lineHeight = 18

/** Inside a state box: room around its text. */
export const statePadding = 10
/** Inside a compound or parallel state: room between its border and its children. */
export const childPadding = 16
/** Inside an edge label's box. */
export const edgeLabelPadding = 4

export const initialMarkerSize = 12
export const minimumStateWidth = 90

export const textWidth = (text: string, fontSize: number): number =>
  Math.ceil(text.length * fontSize * advancePerFontSize)
