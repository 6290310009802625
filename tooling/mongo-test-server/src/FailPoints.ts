import type { Document } from "bson"
import { CommandError, errorCodes } from "./CommandError.ts"
import { isPlainDocument } from "./documents.ts"

/** What an armed `failCommand` fail point does to the next matching command. */
export type Failure = { readonly kind: "closeConnection" } | { readonly kind: "error"; readonly reply: Document }

type Armed = {
  readonly commands: ReadonlySet<string>
  /** How many more times it fires; Infinity for "alwaysOn". */
  remaining: number
  readonly failure: Failure
}

const codeNames = new Map<number, string>(Object.entries(errorCodes).map(([name, code]) => [code, name]))

/**
 * MongoDB's `failCommand` fail point (`configureFailPoint`, a test command of real servers too):
 * makes chosen commands fail with an error code and labels, or drop the connection, so clients'
 * error handling can be tested against the same switch on this double and on a real MongoDB.
 */
export class FailPoints {
  #armed: Armed | undefined
  #timesEntered = 0

  /** Handles `configureFailPoint`; answers how many times the fail point fired before. */
  configure(command: Document): Document {
    if (command["configureFailPoint"] !== "failCommand") {
      throw new CommandError(
        "CommandNotSupported",
        `Fail point '${String(command["configureFailPoint"])}' is not supported by this test double`
      )
    }
    const count = this.#timesEntered
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
    this.#timesEntered = 0
    this.#armed =
      remaining === 0 || !Array.isArray(data["failCommands"])
        ? undefined
        : { commands: new Set(data["failCommands"] as Array<string>), remaining, failure: failureOf(data) }
    return { count }
  }

  /** The failure to inflict on this command, if the fail point is armed for it. */
  take(commandName: string): Failure | undefined {
    const armed = this.#armed
    if (armed === undefined || !armed.commands.has(commandName)) return undefined
    armed.remaining -= 1
    if (armed.remaining <= 0) this.#armed = undefined
    this.#timesEntered += 1
    return armed.failure
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
