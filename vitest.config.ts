import { defineConfig } from "vitest/config"

// One run over every workspace; each workspace's vitest.config.ts names its project.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tooling/*"],
    reporters: ["default", "./tooling/testing/src/plainSummaryReporter.ts"],
    globalSetup: ["./tooling/testing/src/requireNode24.ts"]
  }
})
