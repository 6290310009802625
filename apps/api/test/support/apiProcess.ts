import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { testEnv } from "@verity/testing"

const mainScript = fileURLToPath(new URL("../../src/main.ts", import.meta.url))

export type ApiProcess = {
  readonly url: string
  readonly child: ChildProcess
  /** Everything the process printed so far (for failure messages). */
  output(): string
  /** SIGKILL: no finalizer runs, as in a crash. */
  kill(): Promise<void>
  /** SIGTERM: the graceful shutdown path; answers the exit code. */
  stop(): Promise<number | null>
}

/** The API as a real process (`node src/main.ts`), for restart and crash tests. */
export const startApiProcess = (dataDir: string, env: Record<string, string> = {}): Promise<ApiProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainScript], {
      env: { ...process.env, ...testEnv(dataDir, env) },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)))
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`The API process did not start within 20 s. Output:\n${output}`))
    }, 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output)
      if (match?.[1] === undefined) return
      clearTimeout(timer)
      child.stdout.off("data", onData)
      child.stdout.on("data", (more: Buffer) => (output += more.toString()))
      resolve({
        url: match[1],
        child,
        output: () => output,
        kill: async () => {
          child.kill("SIGKILL")
          await exited
        },
        stop: async () => {
          child.kill("SIGTERM")
          return exited
        }
      })
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()))
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`The API process exited (${code}) before listening. Output:\n${output}`))
    })
  })
