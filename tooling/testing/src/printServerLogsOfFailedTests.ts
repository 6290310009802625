import { beforeEach } from "vitest"
import { takeServerLogs } from "./serverLogs.ts"

// A vitest setup file: each test starts with an empty log, and one that fails prints what the
// in-process server logged while it ran, under the test's name.
beforeEach(({ task, onTestFailed }) => {
  takeServerLogs()
  onTestFailed(() => {
    const logged = takeServerLogs()
    if (logged.length === 0) return
    console.log(`Server log of the failed test "${task.name}":\n${logged.join("\n")}`)
  })
})
