import { cpus, loadavg } from "node:os"
import { writeBurstSection } from "./disk/writeBurstSection.ts"
import { fanOutSection } from "./fanout/fanOutSection.ts"
import { httpSection } from "./http/httpSection.ts"
import { lastSeenSection } from "./lastseen/lastSeenSection.ts"
import { memorySection } from "./memory/memorySection.ts"
import { propagationSection } from "./propagation/propagationSection.ts"
import { readOptions } from "./options.ts"
import { securitySection } from "./security/securitySection.ts"
import { progress } from "./report/progress.ts"
import { summaryTable } from "./report/summary.ts"
import { renderTable, type Table } from "./report/table.ts"
import { millionSection } from "./scale/millionSection.ts"
import { startupSection } from "./scale/startupSection.ts"
import { benchDirBase, onRamDisk } from "./support/benchDir.ts"
import { openBenchApp } from "./support/benchApp.ts"

// `npm run bench` (add `-- --quick` for a smoke run, `-- --million` for the million-session run).
// Figures vary with the machine and its load; compare the ratios, measured side by side in this run.

const options = readOptions(process.argv.slice(2), process.env)
if (globalThis.gc === undefined) throw new Error("Run with `node --expose-gc src/main.ts` (npm run bench does).")

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(" ")
const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}`
const storage = onRamDisk
  ? `store data dirs on ${benchDirBase} (RAM disk) except the disk sections`
  : `store data dirs under ${benchDirBase}`
const loadAtStart = load()
progress(
  `Verity bench${options.quick ? " (--quick: smaller counts, a smoke run)" : ""}; ${machine}; ${storage}; load average ${loadAtStart}`
)

const tables: Array<Table> = []
let summary: Table | undefined
if (!options.securityOnly) {
  const http = await httpSection(options)
  tables.push(http.table)

  // Two apps side by side: one records the session trail (the default), one does not, so each
  // figure of the fan-out and memory sections has its cost of recording beside it.
  const apps = {
    recording: await openBenchApp({ recording: true }),
    notRecording: await openBenchApp({ recording: false })
  }
  let fanOut: Awaited<ReturnType<typeof fanOutSection>>
  let memory: Awaited<ReturnType<typeof memorySection>>
  try {
    fanOut = await fanOutSection(apps, options)
    tables.push(fanOut.table)
    memory = await memorySection(apps, fanOut.otherTokens, options)
    tables.push(memory.memory, memory.rebuild)
  } finally {
    await Promise.all([apps.recording.close(), apps.notRecording.close()])
  }

  const lastSeen = await lastSeenSection(options)
  tables.push(lastSeen.table)
  const writes = await writeBurstSection(options)
  tables.push(writes.table)
  const startup = await startupSection(options)
  tables.push(startup.table)
  const million = options.million.run ? await millionSection(options) : undefined
  if (million !== undefined) tables.push(million.table)
  const propagation = await propagationSection(options)
  tables.push(propagation.table)

  summary = summaryTable({
    http: http.headline,
    lastSeen: {
      batchedUtilisation: lastSeen.batched.utilisation,
      perSessionUtilisation: lastSeen.perSession.utilisation,
      batchedWithTrailUtilisation: lastSeen.batchedWithTrail.utilisation,
      sessions: options.lastSeen.sessions
    },
    writes: writes.headline,
    fanOut: fanOut.headline,
    others: fanOut.otherTokens.recording.length,
    memory: memory.headline,
    startupRatio: startup.ratio,
    propagationP99Ms: propagation.testDoubleP99Ms,
    million
  })
}
tables.push(await securitySection(options.security))

console.log("")
console.log(
  `# Verity bench${options.quick ? " (--quick)" : ""}: ${machine}; ${storage}; load average ${loadAtStart} at the start, ${load()} at the end (other processes share the machine)`
)
if (summary !== undefined) console.log(`\n${renderTable(summary)}`)
for (const table of tables) console.log(`\n${renderTable(table)}`)
