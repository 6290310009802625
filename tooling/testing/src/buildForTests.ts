import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { build } from "vite"

/**
 * Builds a Vite app (its own vite.config.ts, the real production build) into a new temporary
 * folder, so a test run never touches the app's dist (which `npm start` may be serving). For a
 * vitest globalSetup; answers the folder and what removes it.
 */
export const buildForTests = async (root: string, name: string) => {
  const outDir = await mkdtemp(join(tmpdir(), `verity-${name}-`))
  await build({ root, logLevel: "warn", build: { outDir, emptyOutDir: true } })
  return { outDir, remove: () => rm(outDir, { recursive: true, force: true }) }
}
