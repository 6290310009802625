import { Config, Duration, Option, Schema } from "effect"

/**
 * The named places where a test may stop the server on purpose, to prove what a crash or a slow
 * request there leaves behind. Each sits where its name says; no other code looks at them.
 */
export const failPointNames = [
  /** A session-authenticated request has its session and has not yet done its work. */
  "afterAuthentication",
  /** Sign-up has written the user, not yet its verification token and email (same transaction). */
  "signUp.afterUserWrite",
  /** A password change has written the new password, not yet ended the other sessions (same transaction). */
  "passwordChange.afterPasswordWrite"
] as const

export type FailPointName = (typeof failPointNames)[number]

/** What the armed point does: `crash` is SIGKILL (no finalizer runs), `delay` holds the request. */
export type FailPointAction =
  | { readonly _tag: "crash" }
  | { readonly _tag: "delay"; readonly duration: Duration.Duration }

export type FailPointSetting = { readonly point: FailPointName; readonly action: FailPointAction }

const settingPattern = /^([\w.]+):(crash|delay (.+))$/

const parse = (text: string): FailPointSetting | string => {
  const match = settingPattern.exec(text.trim())
  const point = failPointNames.find((name) => name === match?.[1])
  if (match === null || point === undefined) {
    return `"${text}" is not <point>:crash or <point>:delay <duration>, with a point among ${failPointNames.join(", ")}`
  }
  if (match[2] === "crash") return { point, action: { _tag: "crash" } }
  const duration = Duration.fromInput(match[3] as Duration.Input)
  return Option.isNone(duration)
    ? `"${match[3]}" is not a duration such as 3 seconds`
    : { point, action: { _tag: "delay", duration: duration.value } }
}

/** `VERITY_FAIL_POINT`, e.g. `signUp.afterUserWrite:crash` or `afterAuthentication:delay 3 seconds`. */
export const failPointSetting = Config.schema(
  Schema.String.check(Schema.makeFilter((text: string) => typeof parse(text) !== "string" || (parse(text) as string))),
  "VERITY_FAIL_POINT"
).pipe(Config.map((text) => parse(text) as FailPointSetting))
