import { cpus } from "node:os"
import { fanOutSection } from "./fanout/fanOutSection.ts"
import { httpSection } from "./http/httpSection.ts"
import { memorySection } from "./memory/memorySection.ts"
import { propagationSection } from "./propagation/propagationSection.ts"
import { readOptions } from "./options.ts"
import { securitySection } from "./security/securitySection.ts"
import { progress } from "./report/progress.ts"
import { renderTable, type Table } from "./report/table.ts"
import { benchDirBase, onRamDisk } from "./support/benchDir.ts"
import { openBenchApp } from "./support/benchApp.ts"

// `npm run bench` (add `-- --quick` for a smoke run). Figures vary with the machine and its load;
// compare the ratios, which are measured side by side in this one run.

const options = readOptions(process.argv.slice(2), process.env)
if (globalThis.gc === undefined) throw new Error("Run with `node --expose-gc src/main.ts` (npm run bench does).")

const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}`
const storage = onRamDisk
  ? `store data dirs on ${benchDirBase} (RAM disk: the store's fsync per commit costs ~nothing)`
  : `store data dirs under ${benchDirBase} (no /dev/shm: every commit is a real fsync)`
progress(`Verity bench${options.quick ? " (--quick: smaller counts, a smoke run)" : ""}; ${machine}; ${storage}`)

const tables: Array<Table> = []
if (!options.securityOnly) {
  tables.push(await httpSection(options))

  // Two apps side by side: one records the session trail (the default), one does not, so each
  // figure of the fan-out and memory sections has its cost of recording beside it.
  const apps = {
    recording: await openBenchApp({ recording: true }),
    notRecording: await openBenchApp({ recording: false })
  }
  try {
    const fanOut = await fanOutSection(apps, options)
    tables.push(fanOut.table)
    const memory = await memorySection(apps, fanOut.otherTokens, options)
    tables.push(memory.memory, memory.rebuild)
  } finally {
    await Promise.all([apps.recording.close(), apps.notRecording.close()])
  }

  tables.push(await propagationSection(options))
}
tables.push(await securitySection(options.security))

console.log("")
console.log(`# Verity bench${options.quick ? " (--quick)" : ""}: ${machine}; ${storage}`)
for (const table of tables) console.log(`\n${renderTable(table)}`)
