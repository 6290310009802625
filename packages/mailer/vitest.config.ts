import { defineProject } from "vitest/config"

export default defineProject({ test: { name: "mailer", include: ["src/**/*.test.ts"] } })
