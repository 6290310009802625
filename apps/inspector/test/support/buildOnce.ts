import { buildForTests } from "@verity/testing"
import { fileURLToPath } from "node:url"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    /** The inspector, built once for this run with the app's own vite.config.ts. */
    readonly inspectorDistDir: string
  }
}

/** The browser tests run against the production build, in a folder of its own (see buildForTests). */
export default async function buildOnce(project: TestProject) {
  const built = await buildForTests(fileURLToPath(new URL("../..", import.meta.url)), "inspector")
  project.provide("inspectorDistDir", built.outDir)
  return built.remove
}
