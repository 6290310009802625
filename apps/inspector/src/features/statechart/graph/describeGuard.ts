/**
 * A guard's name as the chart shows it. XState keeps a transition's guard as it was written: a
 * name (`"isEmailConfirmed"`), a parameterised reference (`{ type: "isNextVersion", params }`)
 * or a function, which is either one of XState's combinators (`and`, `or`, `not`, `stateIn`)
 * or an inline predicate.
 */
import { and, not, or, stateIn } from "xstate"
import type { AnyTransitionDefinition } from "xstate"

type Guard = NonNullable<AnyTransitionDefinition["guard"]>

/**
 * XState marks its combinators with a `check` function (and the guards they combine); their own
 * function names do not survive minification, so each is recognised by that `check`, taken from
 * a sample of it built here.
 */
type Combinator = { readonly check: unknown; readonly guards?: ReadonlyArray<Guard>; readonly stateValue?: unknown }

const sampleGuard = () => true
const combinatorNames = new Map<unknown, string>([
  [(and([sampleGuard]) as unknown as Combinator).check, "and"],
  [(or([sampleGuard]) as unknown as Combinator).check, "or"],
  [(not(sampleGuard) as unknown as Combinator).check, "not"],
  [(stateIn("sample") as unknown as Combinator).check, "stateIn"]
])

const isCombinator = (guard: Guard): guard is Guard & Combinator =>
  typeof guard === "function" && "check" in guard && combinatorNames.has(guard.check)

/** An arrow function written inline in a transition gets the property's name, which says nothing. */
const anonymousNames = new Set(["", "guard"])

export const describeGuard = (guard: Guard): string => {
  if (typeof guard === "string") return guard
  if (typeof guard === "object") return guard.type
  if (isCombinator(guard)) {
    const name = combinatorNames.get(guard.check)
    if (name === "stateIn") {
      const value = guard.stateValue
      return `stateIn(${typeof value === "string" ? value : JSON.stringify(value)})`
    }
    return `${name}(${(guard.guards ?? []).map(describeGuard).join(", ")})`
  }
  return anonymousNames.has(guard.name) ? "inline guard" : guard.name
}
