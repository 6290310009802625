import { sessionMachine } from "@verity/session-machine"
import { mkdir } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import type { Locator, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { deriveStatechartGraph } from "../src/features/statechart/graph/deriveStatechartGraph.ts"
import { transitionLabel } from "../src/features/statechart/graph/transitionLabel.ts"
import { type InspectorApp, type OpenedInspector, startInspectorApp } from "./support/startInspectorApp.ts"

// The built inspector in Chromium: the chart must show the machine the API runs, laid out in a
// worker, highlight what a session view selects, and fetch nothing from any other host.

const screenshotDir = fileURLToPath(new URL("../test-output/screenshots/", import.meta.url))

// Derived here from the machine, as the inspector derives it: nothing below names a state.
const graph = deriveStatechartGraph(sessionMachine)

let app: InspectorApp

beforeAll(async () => {
  ;[app] = await Promise.all([startInspectorApp(), mkdir(screenshotDir, { recursive: true })])
})
afterAll(async () => {
  await app?.close()
})

/** Signed in, on the page that shows the machine on its own. */
const openInspector = async (): Promise<OpenedInspector> => {
  const inspector = await app.openInspector()
  await inspector.page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Machine" }).click()
  await inspector.page.locator('.statechart[data-layout="elk"]').waitFor()
  return inspector
}

type Rect = { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

/** On screen, inside the chart's frame: an element clipped away by a collapsed chart is not drawn. */
const drawnWithin = async (element: Locator, frame: Rect): Promise<boolean> => {
  const box = await element.boundingBox()
  if (box === null || box.width < 1 || box.height < 1) return false
  return (
    box.x >= frame.x - 1 &&
    box.y >= frame.y - 1 &&
    box.x + box.width <= frame.x + frame.width + 1 &&
    box.y + box.height <= frame.y + frame.height + 1
  )
}

const state = (page: Page, id: string) => page.locator(`.chart-state[data-state="${id}"]`)
const edgeLabel = (page: Page, id: string) => page.locator(`.chart-transition-label[data-transition="${id}"]`)
const targetlessEntry = (page: Page, id: string) => page.locator(`.chart-state__targetless [data-transition="${id}"]`)

describe("the session machine's statechart", () => {
  it("draws every state and transition of the machine, laid out in a worker, loading nothing from another host", async () => {
    const { context, page, requests, problems } = await openInspector()
    try {
      const frame = await page.locator(".statechart .react-flow").boundingBox()
      expect(frame?.height, "the chart has room to be drawn in").toBeGreaterThan(300)
      for (const node of graph.nodes) {
        await expect.poll(() => state(page, node.id).count(), { message: node.id }).toBe(1)
        expect(await drawnWithin(state(page, node.id), frame!), `${node.id} is drawn in the chart`).toBe(true)
        expect(await state(page, node.id).locator(".chart-state__name").textContent()).toBe(node.label)
        for (const transition of node.targetless) {
          expect(await targetlessEntry(page, transition.id).textContent()).toBe(transitionLabel(transition))
        }
      }
      for (const edge of graph.edges) {
        expect(await edgeLabel(page, edge.id).textContent(), edge.id).toBe(transitionLabel(edge))
        expect(await drawnWithin(edgeLabel(page, edge.id), frame!), `${edge.id}'s label is drawn in the chart`).toBe(
          true
        )
      }
      expect(await page.locator(".chart-state[data-kind='final']").count()).toBe(
        graph.nodes.filter((node) => node.kind === "final").length
      )

      const workerScript = requests.find((url) => /\/inspector\/assets\/elkLayout\.worker-[^/]+\.js$/.test(url))
      expect(workerScript, "the layout worker's script was loaded").toBeDefined()
      expect(page.workers().map((worker) => worker.url())).toContain(workerScript)

      expect(requests.filter((url) => new URL(url).origin !== app.api.url)).toEqual([])
      expect(problems).toEqual([])
      await page.locator(".statechart").screenshot({ path: `${screenshotDir}statechart.png` })
    } finally {
      await context.close()
    }
  })

  it("highlights the picked state with its ancestors, and the transitions a session there could take", async () => {
    const { context, page, problems } = await openInspector()
    try {
      const picked = "active.email.verified"
      const activeIds = new Set(["#session", "active", "active.email", picked])
      await page.getByLabel("Show as active").selectOption(picked)

      for (const node of graph.nodes) {
        await expect
          .poll(() => state(page, node.id).getAttribute("data-active"), { message: node.id })
          .toBe(String(activeIds.has(node.id)))
      }
      const borderOf = (id: string) => state(page, id).evaluate((element) => getComputedStyle(element).borderTopColor)
      expect(await borderOf(picked)).not.toBe(await borderOf("active.email.unverified"))

      // Events reach a session through the transitions of its active states; `always` ones are no event.
      for (const edge of graph.edges) {
        const enabled = edge.trigger.kind === "event" && activeIds.has(edge.source)
        expect(await edgeLabel(page, edge.id).getAttribute("data-enabled"), edge.id).toBe(String(enabled))
      }
      for (const transition of graph.nodes.flatMap((node) => node.targetless)) {
        const enabled = transition.trigger.kind === "event" && activeIds.has(transition.source)
        expect(await targetlessEntry(page, transition.id).getAttribute("data-enabled")).toBe(String(enabled))
      }
      await page.locator(".statechart").screenshot({ path: `${screenshotDir}statechart-active-verified.png` })

      const final = graph.nodes.find((node) => node.kind === "final")!
      await page.getByLabel("Show as active").selectOption(final.id)
      await expect.poll(() => state(page, final.id).getAttribute("data-active")).toBe("true")
      expect(await state(page, picked).getAttribute("data-active")).toBe("false")
      await page.getByText(`In ${final.id} the session accepts no event.`).waitFor()
      expect(await page.locator('[data-enabled="true"]').count()).toBe(0)
      expect(problems).toEqual([])
    } finally {
      await context.close()
    }
  })
})
