import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "api-server",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Server logs are printed only for a test that fails.
    setupFiles: ["@verity/testing/printServerLogsOfFailedTests"]
  }
})
