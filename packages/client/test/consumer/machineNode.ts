import { execFileSync } from "node:child_process"
import { existsSync } from "node:fs"
import { delimiter, join } from "node:path"

/**
 * The machine's own Node 20: the oldest Node the package supports, found outside node_modules
 * (the repository's scripts run the Node 24 it installs there). Without it the consumer test
 * fails, saying so: a run that silently used Node 24 would prove nothing about Node 20.
 */
export const machineNode20 = (): string => {
  const directories = (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter((dir) => dir !== "" && !dir.includes("node_modules"))
  const candidates = [
    ...new Set([...directories.map((dir) => join(dir, "node")), "/usr/bin/node", "/usr/local/bin/node"])
  ]
  const seen: Array<string> = []
  for (const candidate of candidates.filter((path) => existsSync(path))) {
    const version = execFileSync(candidate, ["--version"], { encoding: "utf8" }).trim()
    if (version.startsWith("v20.")) return candidate
    seen.push(`${candidate} (${version})`)
  }
  throw new Error(
    `The consumer test runs the packed client on Node 20, and found none outside node_modules ` +
      `(found: ${seen.join(", ") || "no node at all"}). Install Node 20 on this machine.`
  )
}
