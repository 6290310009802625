import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "session-machine",
    include: ["src/**/*.test.ts"]
  }
})
