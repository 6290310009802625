import type { Document } from "bson"
import { CommandError, errorCodes } from "./CommandError.ts"
import { isPlainDocument } from "./documents.ts"

/** What an armed `failCommand` fail point does to the next matching command. */
export type Failure = { readonly kind: "closeConnection" } | { readonly kind: "error"; readonly reply: Document }

type Armed<Action> = {
  /** How many more times it fires; Infinity for "alwaysOn". */
  remaining: number
  readonly action: Action
}

type CommandFailure = { readonly commands: ReadonlySet<string>; readonly failure: Failure }

const codeNames = new Map<number, string>(Object.entries(errorCodes).map(([name, code]) => [code, name]))

/**
 * MongoDB's test fail points (`configureFailPoint`, test commands of real servers too), so that
 * clients' error handling can be tested against the same switches on this double and on a real
 * MongoDB started with `enableTestCommands=1`:
 * - `failCommand` makes chosen commands fail with an error code and labels, or drop the
 *   connection, before they run;
 * - `onPrimaryTransactionalWrite` drops the connection right after a retryable write was applied,
 *   so the reply is lost and the driver retries a write that already happened.
 */
export class FailPoints {
  #failCommand: Armed<CommandFailure> | undefined
  #afterRetryableWrite: Armed<true> | undefined
  readonly #timesEntered = new Map<string, number>()

  /** Handles `configureFailPoint`; answers how many times the fail point fired before. */
  configure(command: Document): Document {
    const name = command["configureFailPoint"]
    if (name !== "failCommand" && name !== "onPrimaryTransactionalWrite") {
      throw new CommandError("CommandNotSupported", `Fail point '${String(name)}' is not supported by this test double`)
    }
    const count = this.#timesEntered.get(name) ?? 0
    const mode = command["mode"]
    const data = isPlainDocument(command["data"]) ? command["data"] : {}
    const remaining =
      mode === "off"
        ? 0
        : mode === "alwaysOn"
          ? Infinity
          : isPlainDocument(mode) && typeof mode["times"] === "number"
            ? mode["times"]
            : undefined
    if (remaining === undefined) throw new CommandError("BadValue", "mode must be 'off', 'alwaysOn' or { times: n }")
    this.#timesEntered.set(name, 0)
    if (name === "failCommand") {
      this.#failCommand =
        remaining === 0 || !Array.isArray(data["failCommands"])
          ? undefined
          : {
              remaining,
              action: { commands: new Set(data["failCommands"] as Array<string>), failure: failureOf(data) }
            }
    } else {
      // As on MongoDB, the connection is closed unless `closeConnection: false`, which leaves nothing to do.
      this.#afterRetryableWrite =
        remaining === 0 || data["closeConnection"] === false ? undefined : { remaining, action: true }
    }
    return { count }
  }

  /** The failure to inflict on this command, if `failCommand` is armed for it. */
  take(commandName: string): Failure | undefined {
    const armed = this.#failCommand
    if (armed === undefined || !armed.action.commands.has(commandName)) return undefined
    if (this.#fire("failCommand", armed)) this.#failCommand = undefined
    return armed.action.failure
  }

  /** Whether to drop the connection instead of answering the retryable write just applied. */
  takeAfterRetryableWrite(): boolean {
    const armed = this.#afterRetryableWrite
    if (armed === undefined) return false
    if (this.#fire("onPrimaryTransactionalWrite", armed)) this.#afterRetryableWrite = undefined
    return true
  }

  /** Counts one firing; true when the fail point is then spent. */
  #fire(name: string, armed: Armed<unknown>): boolean {
    armed.remaining -= 1
    this.#timesEntered.set(name, (this.#timesEntered.get(name) ?? 0) + 1)
    return armed.remaining <= 0
  }
}

const failureOf = (data: Document): Failure => {
  if (data["closeConnection"] === true) return { kind: "closeConnection" }
  const code = typeof data["errorCode"] === "number" ? data["errorCode"] : errorCodes.BadValue
  const labels = Array.isArray(data["errorLabels"]) ? { errorLabels: data["errorLabels"] } : {}
  return {
    kind: "error",
    reply: {
      ok: 0,
      errmsg: "Failing command via 'failCommand' failpoint",
      code,
      codeName: codeNames.get(code),
      ...labels
    }
  }
}
