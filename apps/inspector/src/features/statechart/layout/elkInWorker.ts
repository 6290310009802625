/**
 * One ELK for the page, running in a Web Worker: laying out a large chart takes long enough to
 * freeze a page, and the engine is 1.6 MB of script the page itself never has to parse.
 */
import ELK from "elkjs/lib/elk-api.js"
import type { LayoutEngine } from "./layoutStatechart.ts"

let engine: LayoutEngine | undefined

const startEngine = (): LayoutEngine => {
  // elk-api only hears the worker's answers; a worker that fails to load would leave every
  // layout waiting forever, so its error event fails them instead.
  const workerFailed = Promise.withResolvers<never>()
  workerFailed.promise.catch(() => undefined)
  const elk = new ELK({
    workerFactory: () => {
      const worker = new Worker(new URL("./elkLayout.worker.ts", import.meta.url), { type: "module" })
      worker.addEventListener("error", (event) =>
        workerFailed.reject(new Error(`The layout worker failed: ${event.message}`))
      )
      return worker
    }
  })
  return { layout: (graph, args) => Promise.race([elk.layout(graph, args), workerFailed.promise]) }
}

export const elkInWorker = (): LayoutEngine => {
  engine ??= startEngine()
  return engine
}
