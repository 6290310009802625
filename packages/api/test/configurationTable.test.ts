import { ConfigProvider, Effect, Exit, Layer } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { AppConfig } from "../src/config/AppConfig.ts"
import { configurationTable } from "../src/config/configurationTable.ts"
import { envExample } from "../src/config/envExample.ts"

// The configuration table is the one source of what `--help` prints, what the README shows and
// what .env.example lists; these tests fail the moment one of them drifts from it, or from what
// AppConfig actually reads.

const repositoryFile = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), "utf8")

/** The rows of the README's table under "## Configuration", as [variable, default, meaning] cells. */
const readmeConfigurationRows = () => {
  const section = repositoryFile("README.md").split("\n## Configuration\n")[1]?.split("\n## ")[0] ?? ""
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replaceAll("\\|", "|"))
    )
}

describe("the configuration table", () => {
  it("is the README's table, row for row", () => {
    expect(readmeConfigurationRows()).toEqual(
      configurationTable.map((entry) => [`\`${entry.variable}\``, entry.default, entry.meaning])
    )
  })

  it("is .env.example, line for line", () => {
    expect(repositoryFile(".env.example")).toBe(envExample())
  })

  it("names exactly the variables AppConfig reads (npm's INIT_CWD aside)", async () => {
    const asked = new Set<string>()
    const recording = ConfigProvider.make((path) => {
      asked.add(path.join("."))
      return Effect.succeed(undefined)
    })
    const exit = await Effect.runPromiseExit(
      Layer.build(AppConfig.layer).pipe(Effect.provide(ConfigProvider.layer(recording)), Effect.scoped)
    )
    expect(Exit.isSuccess(exit), String(exit)).toBe(true)
    asked.delete("INIT_CWD")
    expect([...asked].toSorted()).toEqual(configurationTable.map((entry) => entry.variable).toSorted())
  })
})
