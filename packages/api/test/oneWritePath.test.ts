import { readdir, readFile } from "node:fs/promises"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const sourceRoot = fileURLToPath(new URL("../src", import.meta.url))

const sourceFiles = async (dir: string): Promise<Array<string>> => {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return sourceFiles(path)
      return Promise.resolve(entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [])
    })
  )
  return nested.flat()
}

describe("the one write path for user changes", () => {
  it("only UserChanges holds the store's UserWrites port, so no flow can write a user its sessions do not hear of", async () => {
    const holders: Array<string> = []
    for (const file of await sourceFiles(sourceRoot)) {
      if (/\bUserWrites\b/.test(await readFile(file, "utf8"))) holders.push(relative(sourceRoot, file))
    }
    expect(holders).toEqual(["users/UserChanges.ts"])
  })
})
