import { defineProject } from "vitest/config"

export default defineProject({ test: { name: "mongo-test-server", include: ["src/**/*.test.ts"] } })
