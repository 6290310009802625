/**
 * The `session.changes` streams open on this instance, counted per session and per user where
 * they are opened, so no session or account can hold an unbounded share of the server's
 * connections and timers. Opening one past a cap ends the oldest of that session (or user): the
 * newest is the one a person is looking at. Pure and synchronous; the SessionManager owns one.
 */

/** Tabs of one browser share one session (one cookie): more than this is a script, not a person. */
export const streamsPerSession = 8

/** Several devices of one person, each with a few tabs; beyond it one account hogs the instance. */
export const streamsPerUser = 32

export type OpenStreams = {
  /**
   * Counts a stream that just opened; `superseded` is called (once) if newer streams push it past
   * a cap. Answers the function to call when it closes, whatever closed it.
   */
  open(sessionId: string, userId: string, superseded: () => void): () => void
}

type Entry = { readonly sessionId: string; readonly userId: string; readonly superseded: () => void }

export const makeOpenStreams = (
  caps: { readonly perSession: number; readonly perUser: number } = {
    perSession: streamsPerSession,
    perUser: streamsPerUser
  }
): OpenStreams => {
  // Insertion order is opening order, so the first entry of a list is the oldest stream.
  const bySession = new Map<string, Array<Entry>>()
  const byUser = new Map<string, Array<Entry>>()

  const add = (lists: Map<string, Array<Entry>>, key: string, entry: Entry) => {
    const list = lists.get(key)
    if (list === undefined) lists.set(key, [entry])
    else list.push(entry)
  }
  const drop = (lists: Map<string, Array<Entry>>, key: string, entry: Entry) => {
    const list = lists.get(key)
    if (list === undefined) return
    const at = list.indexOf(entry)
    if (at >= 0) list.splice(at, 1)
    if (list.length === 0) lists.delete(key)
  }
  const close = (entry: Entry) => {
    drop(bySession, entry.sessionId, entry)
    drop(byUser, entry.userId, entry)
  }
  const endOldestBeyond = (list: ReadonlyArray<Entry> | undefined, cap: number) => {
    for (const oldest of list?.slice(0, Math.max(0, list.length - cap)) ?? []) {
      close(oldest)
      oldest.superseded()
    }
  }

  return {
    open: (sessionId, userId, superseded) => {
      const entry: Entry = { sessionId, userId, superseded }
      add(bySession, sessionId, entry)
      add(byUser, userId, entry)
      endOldestBeyond(bySession.get(sessionId), caps.perSession)
      endOldestBeyond(byUser.get(userId), caps.perUser)
      return () => close(entry)
    }
  }
}
