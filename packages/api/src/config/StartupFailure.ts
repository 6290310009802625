import { type Config, Runtime, Schema, SchemaIssue } from "effect"
import { configurationEntry } from "./configurationTable.ts"

/**
 * Why the server cannot start, said as one line an operator can act on: the variable at fault,
 * what is wrong with it, and what to do. Anything that builds the server's layers (configuration
 * checks, the store, the listeners) fails with this, and the host (apps/api/src/main.ts) prints
 * `Verity cannot start: <message>` on stderr and exits 1, instead of a stack trace or a hang.
 *
 * To refuse an unsafe setting, fail a layer (or `AppConfig`'s checks) with
 * `new StartupFailure({ variable, problem, fix })`.
 */
export class StartupFailure extends Schema.TaggedError<StartupFailure>()("StartupFailure", {
  variable: Schema.String,
  problem: Schema.String,
  fix: Schema.String
}) {
  // The host prints it as one line; Effect's own report (a pretty cause) would bury it.
  override readonly [Runtime.errorReported] = false
  override readonly [Runtime.errorExitCode] = 1

  override get message() {
    return `${this.variable}: ${this.problem}. ${this.fix}`
  }
}

const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1()

/** A configuration value that did not decode, said with the variable's name and what it expects. */
export const startupFailureOfConfig = (error: Config.ConfigError): StartupFailure => {
  const [issue] = Schema.isSchemaError(error.cause) ? formatIssues(error.cause.issue).issues : []
  const variable = String(issue?.path?.[0] ?? "configuration")
  const entry = configurationEntry(variable)
  return new StartupFailure({
    variable,
    problem: issue?.message ?? error.message,
    fix: entry === undefined ? "See --help for every setting." : `Write ${entry.expects.replaceAll("`", "")}.`
  })
}
