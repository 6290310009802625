import { configurationTable } from "./configurationTable.ts"

const literal = /^`([^`]*)`$/
// Quoted when a shell that sources the file would otherwise split or redirect the value.
const shellValue = (value: string) => (/^[\w./:@$-]*$/.test(value) ? value : `"${value}"`)

/**
 * `.env.example`, written from the configuration table: every variable, commented out at its
 * default, so copying the file changes nothing until a line is uncommented.
 */
export const envExample = (): string =>
  [
    "# Every setting Verity's server reads, at its default (from packages/api/src/config/configurationTable.ts).",
    "# Nothing reads this file by itself: copy it to .env, uncomment what you change, and load it,",
    "# e.g. `set -a; . ./.env; set +a; npm start`.",
    ...configurationTable.flatMap((entry) => {
      const value = literal.exec(entry.default)?.[1]
      return [
        "",
        `# ${entry.meaning.replaceAll("`", "")}${value === undefined ? ` (default: ${entry.default.replaceAll("`", "")})` : ""}`,
        `# ${entry.variable}=${shellValue(value ?? "")}`
      ]
    })
  ].join("\n") + "\n"
