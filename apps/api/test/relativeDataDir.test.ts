import { spawn } from "node:child_process"
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
      stdio: ["ignore", "pipe", "pipe"]
    })
    cleanups.push(async () => {
      child.kill("SIGTERM")
      await new Promise((resolve) => child.once("exit", resolve))
    })
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
