import { Logger } from "effect"

// A test run used to print ~12,700 lines of server logs and email bodies that no one read. The
// servers under test log here instead; a test that fails prints the lines logged during it
// (printServerLogsOfFailedTests.ts), so the output is quiet exactly when nothing needs reading.

const lines: Array<string> = []

/** The server's log lines since the current test began. */
export const takeServerLogs = (): ReadonlyArray<string> => lines.splice(0)

/** For Effect servers under test (`Logger.layer([serverLogger])`): keeps each line for a failure report. */
export const serverLogger = Logger.map(Logger.formatLogFmt, (line) => void lines.push(line))
