import { configurationTable } from "@verity/api/server"
import { mkdtemp, rm } from "node:fs/promises"
import { createServer, type Server } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { apiClient, signUpWithToken, uniqueEmail } from "@verity/test-api"
import { runApiProcess, startApiProcess } from "./support/apiProcess.ts"

// What an operator sees when the server cannot start: one line naming the setting and the fix,
// exit 1, within seconds; never a silent start that serves stale sessions, nor a spinning CPU.

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup()
})

const freshDataDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "verity-startup-"))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** The one line the server printed before exiting. */
const refusal = (stderr: string) => stderr.split("\n").filter((line) => line.startsWith("Verity cannot start: "))

describe("one server per data folder", () => {
  it("a second server on the same DATA_DIR exits 1 naming DATA_DIR and the first one's pid; the first keeps serving", async () => {
    const dataDir = await freshDataDir()
    const first = await startApiProcess(dataDir)
    cleanups.push(() => first.kill())

    const second = await runApiProcess(dataDir)
    expect(second.code).toBe(1)
    expect(refusal(second.stderr)).toEqual([
      `Verity cannot start: DATA_DIR: ${dataDir} is in use by process ${first.child.pid}. Only one server may use a data folder: stop that one, or give this one another DATA_DIR.`
    ])
    await signUpWithToken(apiClient(first.url), uniqueEmail("still-serving"))
  })

  it("the lock of a server killed with kill -9 does not block the next start", async () => {
    const dataDir = await freshDataDir()
    const first = await startApiProcess(dataDir)
    const email = uniqueEmail("crashed")
    const token = await signUpWithToken(apiClient(first.url), email)
    await first.kill()

    const next = await startApiProcess(dataDir)
    cleanups.push(() => next.kill())
    expect((await apiClient(next.url, token).session.whoami.query()).user.email).toBe(email)
  })
})

describe("clear failures, fast", () => {
  it("a DATA_DIR that cannot be created (even by root: under /proc) exits 1 within seconds, naming DATA_DIR", async () => {
    const dataDir = "/proc/verity-cannot-exist/data"
    const run = await runApiProcess(dataDir)
    expect(run.code).toBe(1)
    expect(run.durationMs).toBeLessThan(10_000)
    expect(refusal(run.stderr)).toEqual([
      `Verity cannot start: DATA_DIR: cannot use ${dataDir} (ENOENT: no such file or directory, mkdir '/proc/verity-cannot-exist'). Set DATA_DIR to a folder this user can create and write.`
    ])
  })

  it("a port in use: one line naming PORT and what to do, exit 1", async () => {
    const taken: Server = createServer()
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve))
    cleanups.push(() => new Promise((resolve) => taken.close(resolve)))
    const port = (taken.address() as { port: number }).port

    const run = await runApiProcess(await freshDataDir(), { PORT: String(port) })
    expect(run.code).toBe(1)
    expect(refusal(run.stderr)).toEqual([
      `Verity cannot start: PORT: port ${port} on 127.0.0.1 is already in use. Stop whatever listens there, or set PORT to a free port (0 picks one).`
    ])
  })

  it.each([
    [
      { PUBLIC_URL: "accounts.example.com" },
      'PUBLIC_URL: "accounts.example.com" is not an absolute http:// or https:// address. Write an absolute address such as https://accounts.example.com.'
    ],
    [
      { SESSION_IDLE_TIMEOUT: "a week" },
      "SESSION_IDLE_TIMEOUT: Expected a valid Duration string. Write a duration such as 90 seconds, 15 minutes or 7 days."
    ],
    [
      { ALLOWED_ORIGINS: "https://ok.example.com, admin.example.com" },
      'ALLOWED_ORIGINS: "admin.example.com" is not an http:// or https:// origin. Write comma-separated origins such as https://app.example.com,https://admin.example.com.'
    ],
    [
      { NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:1", VERITY_FAIL_POINT: "signUp.afterUserWrite:crash" },
      'VERITY_FAIL_POINT: is a test-only hook that stops the server on purpose, and NODE_ENV is "production". Unset VERITY_FAIL_POINT.'
    ]
  ])("%o: one line naming the variable and the fix, exit 1", async (env, line) => {
    const run = await runApiProcess(await freshDataDir(), env)
    expect(run.code).toBe(1)
    expect(refusal(run.stderr)).toEqual([`Verity cannot start: ${line}`])
  })

  it("--help prints every setting with its default, and starts nothing", async () => {
    const run = await runApiProcess(await freshDataDir(), {}, ["--help"])
    expect(run.code).toBe(0)
    for (const entry of configurationTable) {
      expect(run.stdout).toContain(`  ${entry.variable}  (default: ${entry.default.replaceAll("`", "")})`)
    }
    expect(run.stdout).not.toContain("listening")
  })
})
