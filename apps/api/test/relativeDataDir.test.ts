import { type ChildProcess, spawn } from "node:child_process"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"
import { testEnv } from "@verity/testing"

// The README says `DATA_DIR=./.data`: a relative folder is relative to where the user ran the
// command, not to the workspace folder npm runs the server's script in.

const repository = fileURLToPath(new URL("../../..", import.meta.url))

const cleanups: Array<() => Promise<unknown>> = []

const isAlive = (group: number) => {
  try {
    process.kill(-group, 0)
    return true
  } catch {
    return false
  }
}

/** SIGTERM to every process of the child's group, SIGKILL to what is left after 5 s. */
const stopProcessGroup = async (child: ChildProcess) => {
  const group = child.pid
  if (group === undefined) return
  if (isAlive(group)) process.kill(-group, "SIGTERM")
  for (let waited = 0; waited < 5_000 && isAlive(group); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (isAlive(group)) process.kill(-group, "SIGKILL")
}
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup()
})

describe("a relative DATA_DIR", () => {
  it("is taken from where `npm run` was typed (npm's INIT_CWD), not from apps/api", async () => {
    const whereTheUserIs = await mkdtemp(join(tmpdir(), "verity-cwd-"))
    cleanups.push(() => rm(whereTheUserIs, { recursive: true, force: true }))
    const { DATA_DIR: _absolute, ...env } = testEnv("unused")
    const child = spawn("npm", ["--prefix", repository, "run", "start", "--workspace", "@verity/api-server"], {
      cwd: whereTheUserIs,
      env: { ...process.env, ...env, DATA_DIR: "./my-data" },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: npm does not always pass SIGTERM on to the server it started, so
      // the whole group is stopped, or the server would outlive the test run.
      detached: true
    })
    cleanups.push(() => stopProcessGroup(child))
    const output = await new Promise<string>((resolve, reject) => {
      let seen = ""
      const timer = setTimeout(() => reject(new Error(`No data line within 20 s:\n${seen}`)), 20_000)
      const onData = (chunk: Buffer) => {
        seen += chunk.toString()
        if (!seen.includes("Data: ")) return
        clearTimeout(timer)
        resolve(seen)
      }
      child.stdout.on("data", onData)
      child.stderr.on("data", onData)
    })
    expect(output).toContain(`Data: embedded store at ${join(whereTheUserIs, "my-data", "verity.sqlite")} (DATA_DIR)`)
  })
})
