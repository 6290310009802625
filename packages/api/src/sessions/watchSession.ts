import type { LiveSession } from "./LiveSession.ts"
import type { SessionManager } from "./SessionManager.ts"

export type SessionWatch = {
  /** Resolves with the live session after its next change, or undefined once the watch is closed. */
  next(): Promise<LiveSession | undefined>
  close(): void
}

/**
 * Watches one session's actor. It subscribes at once (not on the first read), so a change made
 * between opening the watch and reading it is not missed; changes that arrive faster than they
 * are read coalesce, since only the latest state matters. `signal` (the client going away) and
 * `close` both unsubscribe, so nothing is left behind.
 */
export const watchSession = (
  manager: SessionManager["Service"],
  sessionId: string,
  signal: AbortSignal | undefined
): SessionWatch => {
  let changed = false
  let closed = false
  let wake: (() => void) | undefined
  const unsubscribe = manager.subscribe(sessionId, () => {
    changed = true
    wake?.()
  })
  const close = () => {
    if (closed) return
    closed = true
    unsubscribe()
    signal?.removeEventListener("abort", close)
    wake?.()
  }
  signal?.addEventListener("abort", close)
  if (signal?.aborted === true) close()
  return {
    next: async () => {
      if (!changed && !closed) await new Promise<void>((resolve) => (wake = resolve))
      wake = undefined
      changed = false
      return closed ? undefined : manager.peek(sessionId)
    },
    close
  }
}
