import { fileURLToPath } from "node:url"
import { defineProject } from "vitest/config"

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// The examples import the package by its name, as another app does; here that name means the
// sources (like the `paths` in tsconfig.json). The consumer test runs them against the packed
// package instead.
export default defineProject({
  resolve: {
    alias: [
      { find: /^@verity\/client$/, replacement: source("./src/index.ts") },
      { find: /^@verity\/client\/react$/, replacement: source("./src/react/index.ts") },
      { find: /^@verity\/client\/server$/, replacement: source("./src/server/index.ts") }
    ]
  },
  test: {
    name: "client",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/consumer/app/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
