import { existsSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"

// The embedded store syncs its log before every answer (durableCommits.ts). On a RAM disk the sync is nearly free,
// so creating 100,000 sessions takes seconds instead of minutes; the numbers measured here are
// reads and in-memory work, which a disk would not change much.
const ramDisk = "/dev/shm"

export const benchDirBase = existsSync(ramDisk) ? ramDisk : tmpdir()
export const onRamDisk = benchDirBase === ramDisk

export type BenchDir = { readonly path: string; remove(): Promise<void> }

export const makeBenchDir = async (label: string): Promise<BenchDir> => {
  const path = await mkdtemp(join(benchDirBase, `verity-bench-${label}-`))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}
