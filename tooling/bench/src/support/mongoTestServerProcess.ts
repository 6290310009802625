import { spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"

export type MongoTestServerProcess = { readonly uri: string; close(): Promise<void> }

// The test double's own command line (`npm start` in tooling/mongo-test-server): it prints its URI.
const main = fileURLToPath(new URL("./main.ts", import.meta.resolve("@verity/mongo-test-server")))

/**
 * The MongoDB test double in a process of its own, as a real MongoDB would be: its work and its
 * garbage collections then do not land inside the timings of the API instances in this process.
 */
export const startMongoTestServerProcess = (): Promise<MongoTestServerProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], { stdio: ["ignore", "pipe", "ignore"] })
    const exited = new Promise<void>((done) => child.once("exit", () => done()))
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`The MongoDB test double exited with ${code} before it listened`)))
    createInterface({ input: child.stdout }).once("line", (uri) =>
      resolve({
        uri,
        close: async () => {
          child.kill("SIGTERM")
          await exited
        }
      })
    )
  })
