/**
 * A machine's state value as the chart's leaf paths: `{ active: { email: "verified" } }` is in
 * `active.email.verified`, and each parallel region adds a path of its own.
 */
export type StateValue = string | { readonly [key: string]: StateValue }

export const statePaths = (value: StateValue, prefix = ""): ReadonlyArray<string> =>
  typeof value === "string"
    ? [`${prefix}${value}`]
    : Object.entries(value).flatMap(([key, inner]) => statePaths(inner, `${prefix}${key}.`))
