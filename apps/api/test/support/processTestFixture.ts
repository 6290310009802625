import { type SmtpCatcher, startSmtpCatcher } from "@verity/testing"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, afterEach, beforeAll } from "vitest"

/** What a test file that runs real server processes needs around them. */
export type ProcessTestFixture = {
  /** The SMTP catcher every server of the file sends its mail to. */
  readonly smtp: SmtpCatcher
  /** Runs once the current test is over, whatever its outcome; the latest registered first. */
  afterThisTest(cleanup: () => Promise<unknown>): void
  /** An empty data folder of its own, removed after the test. */
  freshDataDir(): Promise<string>
}

/**
 * Registers the file's hooks: one SMTP catcher for the file, and per-test cleanups that stop
 * the test's servers before its data folders are removed (the reverse of their making).
 */
export const useProcessTestFixture = (label: string): ProcessTestFixture => {
  let smtp: SmtpCatcher | undefined
  const cleanups: Array<() => Promise<unknown>> = []
  beforeAll(async () => {
    smtp = await startSmtpCatcher()
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).toReversed()) await cleanup()
  })
  afterAll(async () => {
    await smtp?.close()
  })
  const afterThisTest = (cleanup: () => Promise<unknown>) => {
    cleanups.push(cleanup)
  }
  return {
    get smtp() {
      if (smtp === undefined) throw new Error("The SMTP catcher starts in beforeAll; use it inside a test")
      return smtp
    },
    afterThisTest,
    freshDataDir: async () => {
      const dir = await mkdtemp(join(tmpdir(), `verity-${label}-`))
      afterThisTest(() => rm(dir, { recursive: true, force: true }))
      return dir
    }
  }
}
