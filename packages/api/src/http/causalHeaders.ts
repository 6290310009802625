// Causal freshness across instances (G2). Every session-authenticated answer carries the user
// version it was answered at; a client sends back the highest one it has seen, and an instance
// whose actors are behind reloads the user from the store before answering. A load balancer can
// then move the client between instances without it ever seeing an older state.

/** Request: the highest user version this client has seen. */
export const minVersionHeader = "x-verity-min-version"

/** Response: the user version the answer was made at. */
export const userVersionHeader = "x-verity-user-version"

/** Response: whose version that is, so a client that switches accounts starts over. */
export const userIdHeader = "x-verity-user-id"

/** A version is a non-negative integer; anything else is bad input, not "no header". */
export const parseMinVersion = (raw: string | null): number | null | "invalid" => {
  if (raw === null) return null
  return /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : "invalid"
}
