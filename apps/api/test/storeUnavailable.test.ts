import { execFileSync } from "node:child_process"
import { mkdtemp, open, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it, vi } from "vitest"
import { apiClient, failureOf, signUpWithToken, strongPassword, uniqueEmail } from "@verity/test-api"
import { startApiProcess } from "./support/apiProcess.ts"

// A disk that fills up under a running server: changes are refused as 503 STORE_UNAVAILABLE
// (retry later), never a 500, /readyz takes the instance out of rotation, and both recover when
// space is freed. The data folder is a small tmpfs of the test's own, filled by the test.

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup()
})

/** A 4 MiB filesystem; mounting one needs root (CAP_SYS_ADMIN), as CI runs. */
const smallDisk = async () => {
  const dir = await mkdtemp(join(tmpdir(), "verity-full-disk-"))
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", dir], { stdio: "pipe" })
  } catch (error) {
    throw new Error(
      `This test mounts a small tmpfs to fill it, which needs root (CAP_SYS_ADMIN); mount failed: ${String(error)}`,
      { cause: error }
    )
  }
  cleanups.push(async () => {
    execFileSync("umount", [dir])
    await rm(dir, { recursive: true, force: true })
  })
  return dir
}

/** Writes until the filesystem answers ENOSPC; answers the file, to free the space again. */
const fillUp = async (dir: string) => {
  const path = join(dir, "filler")
  const file = await open(path, "w")
  const block = Buffer.alloc(64 * 1024, 1)
  try {
    while (true) await file.write(block)
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOSPC") throw error
  } finally {
    await file.close()
  }
  return path
}

const readiness = async (url: string) => (await fetch(`${url}/readyz`)).status

describe("a store whose disk fills up at run time", () => {
  it("answers 503 STORE_UNAVAILABLE and /readyz 503 while full, changes nothing, and recovers once space is freed", async () => {
    const disk = await smallDisk()
    const server = await startApiProcess(join(disk, "data"))
    cleanups.push(() => server.kill())
    const client = apiClient(server.url)
    const token = await signUpWithToken(client, uniqueEmail("before"))
    expect(await readiness(server.url)).toBe(200)

    const filler = await fillUp(disk)
    const refusedEmail = uniqueEmail("refused")
    expect(await failureOf(client.auth.signUp.mutate({ email: refusedEmail, password: strongPassword }))).toEqual({
      reason: "STORE_UNAVAILABLE",
      httpStatus: 503,
      message: "Verity cannot save or read data right now; nothing was changed. Try again in a moment."
    })
    await vi.waitFor(async () => expect(await readiness(server.url)).toBe(503), { timeout: 5_000 })
    // A live session still answers from memory.
    expect((await apiClient(server.url, token).session.whoami.query()).session.state).toBe("active.unverified")
    expect(server.output()).toContain("Store unavailable")

    await rm(filler)
    await vi.waitFor(async () => expect(await readiness(server.url)).toBe(200), { timeout: 5_000 })
    // The refused sign-up left nothing behind: the address is free.
    await signUpWithToken(client, refusedEmail)
  })
})
