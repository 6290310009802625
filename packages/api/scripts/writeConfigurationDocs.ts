/**
 * Rewrites the README's configuration table and `.env.example` from the configuration table
 * (`src/config/configurationTable.ts`), the one place a setting is described. Run after adding or
 * changing a setting: `npm run docs:configuration`. `test/configurationTable.test.ts` fails while
 * either file disagrees with the table.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { configurationTable } from "../src/config/configurationTable.ts"
import { envExample } from "../src/config/envExample.ts"

const repositoryFile = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url))

const markdownTable = (): string => {
  const header = ["variable", "default", "meaning"]
  const rows = configurationTable.map((entry) => [
    `\`${entry.variable}\``,
    entry.default,
    entry.meaning.replaceAll("|", "\\|")
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)))
  const line = (cells: ReadonlyArray<string>) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`
  return [line(header), `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`, ...rows.map(line)].join("\n")
}

/** The README with the table under "## Configuration" replaced, the prose around it kept. */
const readmeWithTable = (readme: string): string => {
  const [before, section] = readme.split("\n## Configuration\n")
  if (section === undefined) throw new Error('README.md has no "## Configuration" section')
  const lines = section.split("\n")
  const start = lines.findIndex((text) => text.startsWith("| variable"))
  if (start === -1) throw new Error('The README\'s "## Configuration" section has no table to replace')
  let end = start
  while (lines[end]?.startsWith("|")) end++
  lines.splice(start, end - start, markdownTable())
  return `${before}\n## Configuration\n${lines.join("\n")}`
}

writeFileSync(repositoryFile(".env.example"), envExample())
writeFileSync(repositoryFile("README.md"), readmeWithTable(readFileSync(repositoryFile("README.md"), "utf8")))
console.log(`Wrote README.md's configuration table and .env.example (${configurationTable.length} settings).`)
