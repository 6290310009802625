import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "vite"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    /** The inspector, built once for this run with the app's own vite.config.ts. */
    readonly inspectorDistDir: string
  }
}

const inspectorRoot = fileURLToPath(new URL("../..", import.meta.url))

/**
 * The browser tests run against the production build, worker bundle included. It goes to a
 * folder of its own, so a run never touches apps/inspector/dist.
 */
export default async function buildOnce(project: TestProject) {
  const outDir = await mkdtemp(join(tmpdir(), "verity-inspector-"))
  await build({ root: inspectorRoot, logLevel: "warn", build: { outDir, emptyOutDir: true } })
  project.provide("inspectorDistDir", outDir)
  return async () => {
    await rm(outDir, { recursive: true, force: true })
  }
}
