import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "vite"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    /** The web app, built once for this run with the project's own vite.config.ts. */
    readonly webDistDir: string
  }
}

const webRoot = fileURLToPath(new URL("../..", import.meta.url))

/**
 * The browser tests run against the real production build, served by the real API. It goes to
 * a folder of its own, so a run never touches apps/web/dist (which `npm start` may be serving).
 */
export default async function buildOnce(project: TestProject) {
  const outDir = await mkdtemp(join(tmpdir(), "verity-web-"))
  await build({ root: webRoot, logLevel: "warn", build: { outDir, emptyOutDir: true } })
  project.provide("webDistDir", outDir)
  return async () => {
    await rm(outDir, { recursive: true, force: true })
  }
}
