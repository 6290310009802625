import { readdir, readFile } from "node:fs/promises"
import { describe, expect, it } from "vitest"

// The README quotes the examples whole; they are compiled (typecheck, consumer test) and run
// (session-check and consumer tests) as files, so the quotes must be those very files.

const packageDir = new URL("..", import.meta.url)
const quoted = /<!-- example: (?<path>\S+) -->\n+```tsx?\n(?<code>[\s\S]*?)```\n/g

describe("the README's examples", () => {
  it("are every file in examples/, quoted exactly", async () => {
    const readme = await readFile(new URL("README.md", packageDir), "utf8")
    const quotes = [...readme.matchAll(quoted)].map((match) => ({
      path: match.groups?.["path"],
      code: match.groups?.["code"]
    }))
    const files = (await readdir(new URL("examples", packageDir))).toSorted().map((name) => `examples/${name}`)
    expect(quotes.map((quote) => quote.path).toSorted()).toEqual(files)
    for (const quote of quotes) {
      expect(quote.code, quote.path).toBe(await readFile(new URL(quote.path ?? "", packageDir), "utf8"))
    }
  })
})
