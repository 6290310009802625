/** A trail entry in a few words for the session list: what happened, and why. */
import type { TrailEntry } from "./liveUserSessions.ts"

export const describeEntry = (entry: TrailEntry): string => {
  switch (entry.kind) {
    case "started":
      return entry.how === "opened" ? "made live (signed in)" : "rebuilt from the store"
    case "evicted":
      return "left memory (dormant)"
    case "stepped":
    case "touched":
      return entry.cause === null ? entry.event.type : `${entry.event.type} (${entry.cause})`
  }
}
