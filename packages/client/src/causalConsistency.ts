// Mirrors the API's causal freshness headers (packages/api/src/http/causalHeaders.ts): the client
// remembers the highest user version it has been answered at and asks every instance for at
// least that, so moving between instances never shows it an older state.

/** Request: the highest user version the caller has seen; Verity answers at least that one. */
export const minVersionHeader = "x-verity-min-version"
/** Response: the user version Verity answered at. */
export const userVersionHeader = "x-verity-user-version"
/** Response: whose version that is. */
export const userIdHeader = "x-verity-user-id"

export type VersionMemory = {
  /** Headers to send with the next request. */
  headers(): Record<string, string>
  /** Learns from an answer's headers. */
  observe(response: Response): void
  /** The highest version seen for the current user (0 before any answer). */
  highest(): number
}

export const makeVersionMemory = (): VersionMemory => {
  let userId: string | null = null
  let highest = 0
  return {
    headers: () => (highest > 0 ? { [minVersionHeader]: String(highest) } : {}),
    observe: (response) => {
      const version = Number(response.headers.get(userVersionHeader))
      const answeredFor = response.headers.get(userIdHeader)
      if (answeredFor === null || !Number.isSafeInteger(version)) return
      if (answeredFor !== userId) {
        userId = answeredFor
        highest = version
      } else if (version > highest) {
        highest = version
      }
    },
    highest: () => highest
  }
}
