import { startVerityServer } from "../http/verityServer.ts"
import { runLoad } from "../http/runLoad.ts"
import { makeBenchDir } from "../support/benchDir.ts"
import { Session } from "node:inspector/promises"
import { writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"

/**
 * Where a whoami request's time goes: the real API under the bench's HTTP load, with V8's CPU
 * profiler on for the measured run. `npm run bench:profile` writes whoami.cpuprofile (open it in
 * Chrome DevTools) to the temp folder and prints where the self time goes, by package and by function.
 */
const seconds = Number(process.argv[2] ?? 5)
const dir = await makeBenchDir("profile")
const verity = await startVerityServer(dir.path)
const settings = { url: verity.whoamiUrl, headers: verity.headers, connections: 50, pipelining: 1 }
await runLoad({ ...settings, warmupSeconds: 0, durationSeconds: 2 })
const session = new Session()
session.connect()
await session.post("Profiler.enable")
await session.post("Profiler.start")
const result = await runLoad({ ...settings, warmupSeconds: 0, durationSeconds: seconds })
const { profile } = await session.post("Profiler.stop")
await verity.close()
await dir.remove()
const profileFile = join(tmpdir(), "verity-whoami.cpuprofile")
await writeFile(profileFile, JSON.stringify(profile))
console.log(`profile written to ${profileFile}`)

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
const nodes = profile.nodes as Array<Node>
const total = nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0)
const selfByFrame = new Map<string, number>()
for (const node of nodes) {
  const { functionName, url, lineNumber } = node.callFrame
  const where = url.replace(/^.*node_modules\//, "").replace(/^.*\/work\/wt\/[^/]+\//, "")
  const key = `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`
  selfByFrame.set(key, (selfByFrame.get(key) ?? 0) + (node.hitCount ?? 0))
}
const byPackage = new Map<string, number>()
for (const node of nodes) {
  const url = node.callFrame.url
  const pkg =
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
    (url.includes("/packages/")
      ? `verity:${/packages\/([^/]+)/.exec(url)?.[1]}`
      : url === ""
        ? node.callFrame.functionName
        : url.startsWith("node:")
          ? "node:" + url.slice(5).split("/")[0]
          : "other")
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + (node.hitCount ?? 0))
}
console.log(`${Math.round(result.requestsPerSecond)} req/s during the profile; ${total} samples`)
console.log("\nself time by package:")
for (const [pkg, hits] of [...byPackage].toSorted((a, b) => b[1] - a[1]).slice(0, 20))
  console.log(`${((100 * hits) / total).toFixed(1).padStart(5)}%  ${pkg}`)
console.log("\nself time by function:")
for (const [frame, hits] of [...selfByFrame].toSorted((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(`${((100 * hits) / total).toFixed(1).padStart(5)}%  ${frame}`)
