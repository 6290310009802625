import { mkdtemp, rm, statfs } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { BenchDir } from "../support/benchDir.ts"

// tmpfs and ramfs report these magic numbers (statfs(2)): an fsync there costs nothing.
const ramFileSystems = new Set([0x01021994, 0x858458f6])

/**
 * A data folder on a real disk, for what the disk's fsync costs: the OS's temp folder, unless it
 * is a RAM disk, when BENCH_DISK_DIR must name a folder on a disk (the bench refuses to guess).
 */
export const makeDiskBenchDir = async (label: string): Promise<BenchDir> => {
  const base = process.env["BENCH_DISK_DIR"] ?? tmpdir()
  if (ramFileSystems.has((await statfs(base)).type)) {
    throw new Error(`${base} is a RAM disk; set BENCH_DISK_DIR to a folder on a real disk for the disk sections.`)
  }
  const path = await mkdtemp(join(base, `verity-bench-${label}-`))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}
