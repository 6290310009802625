import { buildForTests } from "@verity/testing"
import { fileURLToPath } from "node:url"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    /** The web app, built once for this run with the project's own vite.config.ts. */
    readonly webDistDir: string
  }
}

/** The browser tests run against the production build, in a folder of its own (see buildForTests). */
export default async function buildOnce(project: TestProject) {
  const built = await buildForTests(fileURLToPath(new URL("../..", import.meta.url)), "web")
  project.provide("webDistDir", built.outDir)
  return built.remove
}
