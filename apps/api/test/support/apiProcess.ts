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
  /** Resolves when the process has exited by itself (a fail point, a crash): its code and signal. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>
}

export type FinishedProcess = {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly durationMs: number
}

/** Runs `node src/main.ts` with these settings and arguments to its end (a refused start, --help). */
export const runApiProcess = (
  dataDir: string,
  env: Record<string, string> = {},
  args: ReadonlyArray<string> = [],
  timeoutMs = 20_000
): Promise<FinishedProcess> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [mainScript, ...args], {
      env: { ...process.env, ...testEnv(dataDir, env) },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`The API process was still running after ${timeoutMs} ms. Output:\n${stdout}${stderr}`))
    }, timeoutMs)
    child.once("exit", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, durationMs: performance.now() - started })
    })
  })

/** The API as a real process (`node src/main.ts`), for restart and crash tests. */
export const startApiProcess = (dataDir: string, env: Record<string, string> = {}): Promise<ApiProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainScript], {
      env: { ...process.env, ...testEnv(dataDir, env) },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    const exitedWith = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once("exit", (code, signal) => done({ code, signal }))
    )
    const exited = exitedWith.then(({ code }) => code)
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
        exited: exitedWith,
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
