import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { LoadResult, LoadSettings } from "./loadGenerator.ts"

const loadGenerator = fileURLToPath(new URL("./loadGenerator.ts", import.meta.url))

/** Runs autocannon against `settings.url` from a child `node` process and answers its figures. */
export const runLoad = (settings: LoadSettings): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [loadGenerator, JSON.stringify(settings)], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    let output = ""
    child.stdout.setEncoding("utf8")
    child.stdout.on("data", (chunk: string) => {
      output += chunk
    })
    child.on("error", reject)
    child.on("close", (code) => {
      const last = output.trim().split("\n").at(-1) ?? ""
      if (code !== 0 || last === "") return reject(new Error(`The load generator exited with ${code}: ${output}`))
      resolve(JSON.parse(last) as LoadResult)
    })
  })
